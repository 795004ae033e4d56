/** Small numeric helpers shared by the steps; all operate on flat number arrays (JSON-friendly state). */

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Welford push into `arr[offset..offset+2] = [n, mean, m2]`; past `maxN` old samples fade (m2 and n scaled). */
export function runningPush(arr: number[], offset: number, x: number, maxN: number): void {
  let n = arr[offset] ?? 0;
  let mean = arr[offset + 1] ?? 0;
  let m2 = arr[offset + 2] ?? 0;
  if (n >= maxN) {
    m2 *= (maxN - 1) / n;
    n = maxN - 1;
  }
  n += 1;
  const delta = x - mean;
  mean += delta / n;
  m2 += delta * (x - mean);
  arr[offset] = n;
  arr[offset + 1] = round6(mean);
  arr[offset + 2] = round6(Math.max(0, m2));
}

/** z-score of `x` against `[n, mean, m2]`; 0 until `minN` samples. The std is floored at `stdFloor`. */
export function runningZ(arr: readonly number[], offset: number, x: number, minN: number, stdFloor: number): number {
  const n = arr[offset] ?? 0;
  if (n < Math.max(2, minN)) return 0;
  const mean = arr[offset + 1] ?? 0;
  const variance = (arr[offset + 2] ?? 0) / (n - 1);
  return (x - mean) / Math.max(Math.sqrt(variance), stdFloor);
}

/**
 * Surprise −ln P(bin) under a circular histogram smoothed with the kernel
 * [¼, ½, ¼] over neighbouring bins (23h is next to 0h, Sunday to Monday) plus
 * additive smoothing `alpha`. An empty profile gives ln(bins) (uniform).
 */
export function circularSurprise(counts: readonly number[], bin: number, alpha: number): number {
  const k = counts.length;
  let total = 0;
  for (const c of counts) total += c;
  const at = (i: number): number => counts[(i + k) % k] ?? 0;
  const smoothed = 0.5 * at(bin) + 0.25 * (at(bin - 1) + at(bin + 1));
  const p = (smoothed + alpha) / (total + k * alpha);
  return -Math.log(p);
}

/** Adds one to `counts[bin]`, halving every bin once the total exceeds `maxTotal`. */
export function histogramPush(counts: number[], bin: number, maxTotal: number): void {
  counts[bin] = (counts[bin] ?? 0) + 1;
  let total = 0;
  for (const c of counts) total += c;
  if (total > maxTotal) for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] ?? 0) / 2;
}

/** Recency set `[key, lastSeenSec, …]`: membership. */
export function recencyHas(arr: readonly number[], key: number): boolean {
  for (let i = 0; i < arr.length; i += 2) if (arr[i] === key) return true;
  return false;
}

/** Recency set: marks `key` seen at `sec`, evicting the least recently seen beyond `cap` values. */
export function recencyTouch(arr: number[], key: number, sec: number, cap: number): void {
  for (let i = 0; i < arr.length; i += 2) {
    if (arr[i] === key) {
      arr[i + 1] = Math.max(arr[i + 1] ?? 0, sec);
      return;
    }
  }
  arr.push(key, sec);
  while (arr.length / 2 > cap) {
    let oldest = 0;
    for (let i = 2; i < arr.length; i += 2) if ((arr[i + 1] ?? 0) < (arr[oldest + 1] ?? 0)) oldest = i;
    arr.splice(oldest, 2);
  }
}

/** Pushes into a ring kept at most `cap` long (oldest first). */
export function ringPush(arr: number[], value: number, cap: number): void {
  arr.push(value);
  if (arr.length > cap) arr.splice(0, arr.length - cap);
}

/** Linear counting estimate of distinct items hashed into a bitmap of `words.length * 32` bits. */
export function linearCount(words: readonly number[], from = 0): number {
  const m = (words.length - from) * 32;
  let ones = 0;
  for (let i = from; i < words.length; i++) ones += popcount32(words[i] ?? 0);
  const zeros = m - ones;
  if (ones === 0) return 0;
  return zeros === 0 ? m * Math.log(m) : -m * Math.log(zeros / m);
}

/** Set bits of a 32-bit word in constant time (a tenant's user bitmap is mostly ones: a per-bit loop cost ~4,000 steps). */
export function popcount32(word: number): number {
  let w = (word - ((word >>> 1) & 0x55555555)) | 0;
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Sets bit `bit` in the uint32 word array starting at `from`. */
export function setBit(words: number[], bit: number, from = 0): void {
  const i = from + (bit >>> 5);
  words[i] = ((words[i] ?? 0) | (1 << (bit & 31))) >>> 0;
}
