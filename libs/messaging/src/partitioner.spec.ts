import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.js';

describe('murmur2 partitioner', () => {
  // Reference values from the Java client's Utils.murmur2 tests.
  it('matches the Java client', () => {
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
  });

  it('spreads keys over all partitions deterministically', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i += 1) seen.add(partitionForKey(`user-${i}`, 6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(partitionForKey('user-1', 6)).toBe(partitionForKey('user-1', 6));
  });
});
