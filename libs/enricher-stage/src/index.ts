export { EnricherStage, type EnricherStageOptions } from './enricher-stage.js';
export { EnricherState } from './staged-stores.js';
