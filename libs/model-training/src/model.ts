import { type ModelRecord, type Reason } from '@authwatch/contracts';
import { type IsolationForest } from '@authwatch/isolation-forest';
import { decodeForest } from './codec.js';
import { rankFromQuantiles } from './quantiles.js';
import { toRow } from './vectorize.js';
import { describeFeature } from './words.js';

export interface ModelAssessment {
  /** Raw forest score, (0, 1]. */
  score: number;
  /** The forest score mapped to [0, 1] through the model's quantiles and threshold (see normalise). */
  probability: number;
  /** The `model_outlier` reason when the probability reaches the reason floor. */
  reason: Reason | null;
}

/** Share of the risk threshold from which the model's opinion becomes a reason (the "suspicious" level). */
export const MODEL_REASON_FLOOR = 0.66;

/** A model record ready to score: the decoded forest plus its calibration. */
export class LoadedModel {
  readonly version: string;
  readonly features: readonly string[];
  private constructor(
    readonly record: ModelRecord,
    private readonly forest: IsolationForest,
  ) {
    this.version = record.version;
    this.features = record.features;
  }

  static fromRecord(record: ModelRecord): LoadedModel {
    const forest = decodeForest(record.forest);
    if (forest.nFeatures !== record.features.length) throw new RangeError(`model ${record.version}: forest has ${forest.nFeatures} features, record lists ${record.features.length}`);
    return new LoadedModel(record, forest);
  }

  row(numeric: Readonly<Record<string, number>>): number[] {
    return toRow(numeric, this.features);
  }

  scoreRows(rows: readonly (readonly number[])[]): Float64Array {
    const n = this.features.length;
    const data = new Float64Array(rows.length * n);
    rows.forEach((row, r) => data.set(row, r * n));
    return this.forest.scoreBatch(data, n);
  }

  /**
   * Maps a forest score to [0, 1] so it combines with rule weights: at the model's threshold it
   * equals the risk threshold (so the model alone can make an event anomalous at the target
   * rate); below, it grows with the square of the score's training rank between the rank of five
   * times the alert rate and the alert rank (so ~98 % of traffic stays well below "suspicious");
   * above, it rises linearly to 1 half-way to score 1.
   */
  normalise(score: number, riskThreshold: number): number {
    const { threshold, score_quantiles: q, training } = this.record;
    if (score >= threshold) {
      const span = Math.max(1e-6, (1 - threshold) / 2);
      return Math.min(1, riskThreshold + (1 - riskThreshold) * Math.min(1, (score - threshold) / span));
    }
    const rate = training.target_alert_rate;
    const alertRank = 1 - rate;
    const floorRank = Math.max(0.5, 1 - 5 * rate);
    const x = Math.max(0, Math.min(1, (rankFromQuantiles(score, q.p, q.value) - floorRank) / Math.max(1e-6, alertRank - floorRank)));
    return Math.min(riskThreshold * 0.999, riskThreshold * x * x);
  }

  /** Score, normalised probability and, for outliers, the reason with the top features in words. */
  assess(row: readonly number[], score: number, riskThreshold: number, topFeatures = 3): ModelAssessment {
    const probability = Number(this.normalise(score, riskThreshold).toFixed(4));
    if (probability < riskThreshold * MODEL_REASON_FLOOR) return { score, probability, reason: null };
    const top = this.forest
      .explain(row)
      .filter((c) => c.contribution >= 0.05)
      .slice(0, topFeatures);
    const evidence: Reason['evidence'] = { model_version: this.version, forest_score: round(score), threshold: round(this.record.threshold) };
    const phrases = top.map((c, i) => {
      const name = this.features[c.index]!;
      const value = row[c.index]!;
      const typical = this.record.feature_medians[name];
      evidence[`feature_${i + 1}`] = name;
      evidence[`value_${i + 1}`] = round(value);
      evidence[`typical_${i + 1}`] = typical === undefined ? null : round(typical);
      evidence[`share_${i + 1}`] = round(c.contribution);
      return describeFeature(name, value, typical);
    });
    const message = `unusual behaviour for the learnt population (forest score ${score.toFixed(2)}, outlier from ${this.record.threshold.toFixed(2)})${phrases.length > 0 ? `: ${phrases.join('; ')}` : ''}`;
    return { score, probability, reason: { code: 'model_outlier', message, weight: Math.max(0, Math.min(1, probability)), evidence } };
  }
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
