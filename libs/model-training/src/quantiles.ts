/** Probabilities at which a model records its training score distribution. */
export const SCORE_QUANTILE_PROBS: readonly number[] = Object.freeze([0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1]);

/** Linear-interpolated quantile of ascending-sorted values (type 7, as numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSorted: no values');
  const h = (n - 1) * Math.max(0, Math.min(1, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (h - lo);
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Empirical CDF at `x` from recorded (p, value) pairs, interpolating linearly between them
 * (values ascending; ties resolved to the highest p so a point at the maximum ranks 1).
 */
export function rankFromQuantiles(x: number, p: readonly number[], value: readonly number[]): number {
  const n = Math.min(p.length, value.length);
  if (n === 0) return 0;
  if (x < value[0]!) return 0;
  if (x >= value[n - 1]!) return 1;
  for (let i = n - 2; i >= 0; i--) {
    const v0 = value[i]!;
    const v1 = value[i + 1]!;
    if (x >= v0 && x < v1) return p[i]! + ((p[i + 1]! - p[i]!) * (x - v0)) / (v1 - v0);
  }
  return 0;
}

/** Inner bin edges at the training deciles, taken from observed values (distinct only, so a binary feature gets edges [0, 1]). */
export function decileEdges(sorted: ArrayLike<number>): number[] {
  const edges: number[] = [];
  const n = sorted.length;
  for (let k = 1; k < 10 && n > 0; k++) {
    const q = sorted[Math.min(n - 1, Math.floor((k / 10) * n))]!;
    if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
  }
  return edges;
}

/** Bin i is [edges[i-1], edges[i]); values below edges[0] fall in bin 0, NaN in bin 0. */
export function binOf(value: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value >= edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function proportionsOf(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(values[i]!, edges)]! += 1;
  const n = Math.max(1, values.length);
  return counts.map((c) => c / n);
}
