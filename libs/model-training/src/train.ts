import { ModelRecordSchema, type ModelRecord, type ReferenceDistribution } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { IsolationForest, thresholdForRate } from '@authwatch/isolation-forest';
import { encodeForest } from './codec.js';
import { decileEdges, proportionsOf, quantileSorted, SCORE_QUANTILE_PROBS, sortedCopy } from './quantiles.js';
import { DRIFT_FEATURES, selectFeatures, toMatrix } from './vectorize.js';

/** Fewer established rows than this and no model is trained (rules keep deciding). */
export const MIN_TRAINING_ROWS = 50;

export interface TrainingInput {
  /** FeatureVector.numeric of every event in the window. */
  rows: ReadonlyArray<Readonly<Record<string, number>>>;
  /** Tenant id, or `*` for all tenants. */
  scope: string;
  from: string;
  to: string;
  targetAlertRate: number;
  nTrees: number;
  sampleSize: number;
  seed: number;
  now: Date;
  createdBy?: string;
  /** Defaults to `<scope>-<yyyymmddThhmmss>-<seed>`. */
  version?: string;
}

export function defaultModelVersion(scope: string, now: Date, seed: number): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${scope === '*' ? 'global' : scope}-${stamp}-${seed}`;
}

/**
 * Trains an Isolation Forest on the established users' feature vectors of a window
 * and packages it as a candidate model record: threshold from the target alert rate,
 * score quantiles, per-feature medians and the drift reference distributions.
 */
export function trainModel(input: TrainingInput): ModelRecord {
  const established = input.rows.filter((r) => r['user_is_learning'] !== 1);
  if (established.length < MIN_TRAINING_ROWS) {
    throw new AuthwatchError('VALIDATION_FAILED', `only ${established.length} events of established users between ${input.from} and ${input.to} (${input.rows.length} in all); at least ${MIN_TRAINING_ROWS} are needed to train`);
  }
  const features = selectFeatures(established);
  if (features.length === 0) throw new AuthwatchError('VALIDATION_FAILED', 'the training events carry no numeric features');
  const matrix = toMatrix(established, features);
  const forest = new IsolationForest({ nTrees: input.nTrees, sampleSize: input.sampleSize, seed: input.seed }).fit(matrix, features.length, features);
  const scores = forest.scoreBatch(matrix, features.length);
  const sortedScores = sortedCopy(scores);
  const threshold = thresholdForRate(scores, input.targetAlertRate);

  const column = (j: number): Float64Array => {
    const out = new Float64Array(established.length);
    for (let r = 0; r < established.length; r++) out[r] = matrix[r * features.length + j]!;
    return out;
  };
  const featureMedians: Record<string, number> = {};
  const reference: ReferenceDistribution[] = [distribution('score', sortedScores, scores)];
  features.forEach((name, j) => {
    const values = column(j);
    const sorted = sortedCopy(values);
    featureMedians[name] = quantileSorted(sorted, 0.5);
    if (DRIFT_FEATURES.includes(name)) reference.push(distribution(name, sorted, values));
  });

  return ModelRecordSchema.parse({
    schema_version: 1,
    kind: 'model',
    version: input.version ?? defaultModelVersion(input.scope, input.now, input.seed),
    scope: input.scope,
    created_at: input.now.toISOString(),
    ...(input.createdBy !== undefined ? { created_by: input.createdBy } : {}),
    status: 'candidate',
    parameters: { n_trees: input.nTrees, sample_size: forest.sampleSize, seed: input.seed },
    training: { from: input.from, to: input.to, rows: established.length, excluded_learning_rows: input.rows.length - established.length, target_alert_rate: input.targetAlertRate },
    features,
    feature_medians: featureMedians,
    threshold: Number.isFinite(threshold) ? threshold : 1,
    score_quantiles: { p: [...SCORE_QUANTILE_PROBS], value: SCORE_QUANTILE_PROBS.map((p) => quantileSorted(sortedScores, p)) },
    reference,
    forest: encodeForest(forest),
  });
}

function distribution(name: string, sorted: Float64Array, values: Float64Array): ReferenceDistribution {
  const edges = decileEdges(sorted);
  return { name, edges, proportions: proportionsOf(values, edges) };
}
