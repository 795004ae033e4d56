export { EnricherStage, type EnricherStageOptions, decodeEnriched } from './enricher-stage.js';
export { EnricherState } from './staged-stores.js';
