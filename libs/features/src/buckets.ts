/**
 * Sparse time-bucketed counters stored as one flat, sorted number array:
 * `[bucket0, v0_0, v0_1, …, bucket1, v1_0, …]` with `stride = 1 + values per bucket`.
 * Compact in JSON, cheap to append in event-time order, correct for out-of-order inserts.
 */

/** Adds `values` to the entry of `bucket`, inserting it in order when missing. */
export function bucketAdd(arr: number[], stride: number, bucket: number, values: readonly number[]): void {
  let i = arr.length - stride;
  while (i >= 0 && (arr[i] as number) > bucket) i -= stride;
  if (i >= 0 && arr[i] === bucket) {
    for (let k = 0; k < values.length; k++) arr[i + 1 + k] = (arr[i + 1 + k] as number) + (values[k] as number);
    return;
  }
  arr.splice(i + stride, 0, bucket, ...values);
}

/** Sums the values of entries whose bucket is in (fromExclusive, toInclusive], into `out` (added to). */
export function bucketSum(arr: readonly number[], stride: number, fromExclusive: number, toInclusive: number, out: number[]): number[] {
  for (let i = arr.length - stride; i >= 0; i -= stride) {
    const b = arr[i] as number;
    if (b <= fromExclusive) break;
    if (b > toInclusive) continue;
    for (let k = 1; k < stride; k++) out[k - 1] = (out[k - 1] ?? 0) + (arr[i + k] as number);
  }
  return out;
}

/** Removes and returns (flat) the entries with bucket < `minBucket`. */
export function bucketTakeBefore(arr: number[], stride: number, minBucket: number): number[] {
  let n = 0;
  while (n < arr.length && (arr[n] as number) < minBucket) n += stride;
  return n === 0 ? [] : arr.splice(0, n);
}

/** Removes and returns (flat) the oldest entries so at most `maxEntries` remain. */
export function bucketTakeOverflow(arr: number[], stride: number, maxEntries: number): number[] {
  const excess = arr.length / stride - maxEntries;
  return excess > 0 ? arr.splice(0, excess * stride) : [];
}
