export { IsolationForest } from './forest';
export type { IsolationForestOptions, IsolationForestVariant } from './options';
export type { FeatureContribution } from './explain';
export { FORMAT_VERSION, type IsolationForestJSON, type IsolationForestTreesJSON } from './serialization';
export { averagePathLength } from './c-factor';
export { thresholdForRate } from './threshold';
export { rocAuc } from './roc-auc';
