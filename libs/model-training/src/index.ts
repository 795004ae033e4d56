export { trainModel, defaultModelVersion, MIN_TRAINING_ROWS, type TrainingInput } from './train.js';
export { LoadedModel, MODEL_REASON_FLOOR, type ModelAssessment } from './model.js';
export { DriftTracker, populationStabilityIndex, type DriftOptions } from './drift.js';
export { nextPointer, type PointerAction } from './pointer.js';
export { encodeForest, decodeForest } from './codec.js';
export { selectFeatures, toRow, toMatrix, EXCLUDED_FEATURES, DRIFT_FEATURES } from './vectorize.js';
export { quantileSorted, rankFromQuantiles, decileEdges, binOf, proportionsOf, SCORE_QUANTILE_PROBS } from './quantiles.js';
export { describeFeature } from './words.js';
