import { describe, expect, it } from 'vitest';
import { thresholdForRate } from './threshold';

describe('thresholdForRate', () => {
  const scores = Array.from({ length: 100 }, (_, i) => (i + 1) / 100); // 0.01 .. 1.00, shuffled below
  const shuffled = [...scores].reverse();

  it('returns the score above which the target share of rows lies', () => {
    expect(thresholdForRate(shuffled, 0.05)).toBe(0.96);
    expect(shuffled.filter((s) => s >= thresholdForRate(shuffled, 0.07))).toHaveLength(7);
    expect(thresholdForRate(shuffled, 1)).toBe(0.01);
    expect(thresholdForRate(shuffled, 0)).toBe(Infinity);
  });

  it('validates its input', () => {
    expect(() => thresholdForRate([], 0.1)).toThrow(/at least one/);
    expect(() => thresholdForRate(scores, 1.5)).toThrow(/rate/);
  });
});
