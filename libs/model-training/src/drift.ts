import { type ReferenceDistribution } from '@authwatch/contracts';
import { binOf } from './quantiles.js';

const EPSILON = 1e-4;

/** Population stability index Σ (a − e) · ln(a / e) over bins (shares floored at 1e-4). */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(EPSILON, expected[i] ?? 0);
    const a = Math.max(EPSILON, actual[i] ?? 0);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

export interface DriftOptions {
  /** No PSI is reported before this many observations. */
  minSamples?: number;
  /** Counts are halved every `halfLife` observations, so the PSI follows recent traffic. */
  halfLife?: number;
}

/**
 * Live distribution of the score and key features against the training window's
 * (the model record's `reference`). Not thread-shared: one per model in use.
 */
export class DriftTracker {
  private readonly counts: Map<string, number[]>;
  private total = 0;
  private sinceHalving = 0;
  private readonly minSamples: number;
  private readonly halfLife: number;

  constructor(
    private readonly reference: readonly ReferenceDistribution[],
    options: DriftOptions = {},
  ) {
    this.counts = new Map(reference.map((r) => [r.name, new Array<number>(r.proportions.length).fill(0)]));
    this.minSamples = options.minSamples ?? 200;
    this.halfLife = options.halfLife ?? 20_000;
  }

  /** `value(name)` gives the observed value of `score` or a feature (undefined: not observed). */
  observe(value: (name: string) => number | undefined): void {
    for (const ref of this.reference) {
      const v = value(ref.name);
      if (v === undefined || !Number.isFinite(v)) continue;
      const bins = this.counts.get(ref.name)!;
      bins[binOf(v, ref.edges)]! += 1;
    }
    this.total += 1;
    if (++this.sinceHalving >= this.halfLife) {
      this.sinceHalving = 0;
      this.total /= 2;
      for (const bins of this.counts.values()) for (let i = 0; i < bins.length; i++) bins[i] = bins[i]! / 2;
    }
  }

  get observations(): number {
    return this.total;
  }

  /** PSI per reference name, once enough observations were made (else empty). */
  psi(): Map<string, number> {
    const out = new Map<string, number>();
    if (this.total < this.minSamples) return out;
    for (const ref of this.reference) {
      const bins = this.counts.get(ref.name)!;
      const n = bins.reduce((a, b) => a + b, 0);
      if (n <= 0) continue;
      out.set(ref.name, populationStabilityIndex(ref.proportions, bins.map((c) => c / n)));
    }
    return out;
  }
}
