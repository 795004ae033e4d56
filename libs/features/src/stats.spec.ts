import { describe, expect, it } from 'vitest';
import { linearCount, popcount32, setBit } from './stats.js';

function bitByBit(word: number): number {
  let ones = 0;
  for (let b = 0; b < 32; b++) ones += (word >>> b) & 1;
  return ones;
}

describe('popcount32', () => {
  it('counts the set bits of any uint32 word, high bit included', () => {
    const words = [0, 1, 0x80000000, 0xffffffff, 0x55555555, 0xaaaaaaaa, 0x0f0f0f0f, 0x12345678, 0xdeadbeef];
    let x = 0x9e3779b9;
    for (let i = 0; i < 1_000; i++) words.push((x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0));
    for (const w of words) expect(popcount32(w), `0x${w.toString(16)}`).toBe(bitByBit(w));
  });
});

describe('linearCount', () => {
  it('is 0 for an empty bitmap and grows past the set-bit count as the bitmap fills (collisions)', () => {
    const words = new Array<number>(8).fill(0);
    expect(linearCount(words)).toBe(0);
    for (let b = 0; b < 64; b++) setBit(words, b * 3);
    const estimate = linearCount(words);
    expect(estimate).toBeGreaterThan(64);
    expect(estimate).toBeCloseTo(-256 * Math.log((256 - 64) / 256), 9);
    expect(linearCount([0xffffffff, 0xffffffff])).toBeCloseTo(64 * Math.log(64), 9); // saturated
    expect(linearCount([123, 0b1011], 1)).toBeCloseTo(-32 * Math.log(29 / 32), 9); // words before `from` are not counted
  });
});
