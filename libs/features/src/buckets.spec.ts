import { describe, expect, it } from 'vitest';
import { bucketAdd, bucketSum, bucketTakeBefore, bucketTakeOverflow } from './buckets.js';

describe('sparse buckets', () => {
  it('appends, merges and inserts out of order keeping buckets sorted', () => {
    const arr: number[] = [];
    bucketAdd(arr, 3, 10, [1, 0]);
    bucketAdd(arr, 3, 12, [1, 1]);
    bucketAdd(arr, 3, 10, [1, 1]);
    bucketAdd(arr, 3, 11, [1, 0]);
    bucketAdd(arr, 3, 5, [1, 0]);
    expect(arr).toEqual([5, 1, 0, 10, 2, 1, 11, 1, 0, 12, 1, 1]);
  });

  it('sums the half-open range (from, to]', () => {
    const arr = [5, 1, 0, 10, 2, 1, 11, 1, 0, 12, 1, 1];
    expect(bucketSum(arr, 3, 10, 12, [0, 0])).toEqual([2, 1]);
    expect(bucketSum(arr, 3, 4, 11, [0, 0])).toEqual([4, 1]);
    expect(bucketSum(arr, 3, 12, 20, [0, 0])).toEqual([0, 0]);
  });

  it('takes old and overflowing entries', () => {
    const arr = [5, 1, 0, 10, 2, 1, 11, 1, 0, 12, 1, 1];
    expect(bucketTakeBefore(arr, 3, 11)).toEqual([5, 1, 0, 10, 2, 1]);
    expect(bucketTakeOverflow(arr, 3, 1)).toEqual([11, 1, 0]);
    expect(arr).toEqual([12, 1, 1]);
  });
});
