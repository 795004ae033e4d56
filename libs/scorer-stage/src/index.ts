export { ScorerStage, type ScorerStageOptions } from './scorer-stage.js';
export { RulesStore } from './rules-store.js';
export { ScorerApiModule } from './scorer.module.js';
