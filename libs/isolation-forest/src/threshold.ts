/**
 * Score threshold for a target alert rate: alerting on `score >= threshold` flags
 * ⌈rate · n⌉ of the given scores (more only if several scores tie at the threshold).
 * rate = 0 returns +Infinity (never alert). Use scores from representative traffic.
 */
export function thresholdForRate(scores: ArrayLike<number>, rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`thresholdForRate: rate must be within [0, 1], got ${rate}`);
  const n = scores.length;
  if (n === 0) throw new RangeError('thresholdForRate: need at least one score');
  // The epsilon stops float noise (0.07 · 100 = 7.000000000000001) from flagging one extra row.
  const k = Math.ceil(rate * n - 1e-9);
  if (k <= 0) return Infinity;
  const sorted = Float64Array.from(scores);
  for (const s of sorted) if (Number.isNaN(s)) throw new RangeError('thresholdForRate: scores contain NaN');
  sorted.sort();
  return sorted[n - k]!;
}
