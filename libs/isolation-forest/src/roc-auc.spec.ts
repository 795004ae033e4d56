import { describe, expect, it } from 'vitest';
import { rocAuc } from './roc-auc';

describe('rocAuc', () => {
  it('is 1 for perfect ranking and 0 for inverted', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // pos {0.3, 0.7} vs neg {0.3, 0.1}: pairs (0.3>0.1)=1, (0.3=0.3)=0.5, (0.7>…)=2 → 3.5/4
    expect(rocAuc([0.3, 0.7, 0.3, 0.1], [1, 1, 0, 0])).toBe(0.875);
  });

  it('requires both classes', () => {
    expect(() => rocAuc([1, 2], [1, 1])).toThrow(/positive and one negative/);
  });
});
