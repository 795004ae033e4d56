export { ScorerStage, type ScorerStageOptions, type ScoringResult, type ScoreListener } from './scorer-stage.js';
export { RulesStore } from './rules-store.js';
export { ModelRegistry, type ModelSnapshot, type ModelSummary } from './model-registry.js';
export { SuppressionStore, patternMatches } from './suppression-store.js';
export { ScoreService, type SyncScore } from './score-service.js';
export { type FeaturePreview } from './feature-preview.js';
export { ScorerApiModule } from './scorer.module.js';
