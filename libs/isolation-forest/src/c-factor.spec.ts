import { describe, expect, it } from 'vitest';
import { averagePathLength, heightLimitFor } from './c-factor';

describe('averagePathLength c(n)', () => {
  it('uses exact values for tiny n', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
  });

  it('matches hand-computed 2H(n−1) − 2(n−1)/n with H(i) = ln i + 0.5772156649', () => {
    // c(3)   = 2(ln 2   + γ) − 4/3     = 2(0.6931471806 + 0.5772156649) − 1.3333333333
    expect(averagePathLength(3)).toBeCloseTo(1.2073923576, 9);
    // c(10)  = 2(ln 9   + γ) − 18/10   = 2(2.1972245773 + 0.5772156649) − 1.8
    expect(averagePathLength(10)).toBeCloseTo(3.7488804845, 9);
    // c(256) = 2(ln 255 + γ) − 510/256 = 2(5.5412635452 + 0.5772156649) − 1.9921875
    expect(averagePathLength(256)).toBeCloseTo(10.2447709201, 9);
  });

  it('height limit is ⌈log2 ψ⌉', () => {
    expect(heightLimitFor(256)).toBe(8);
    expect(heightLimitFor(257)).toBe(9);
    expect(heightLimitFor(2)).toBe(1);
  });
});
