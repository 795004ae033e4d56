/**
 * Seeded PRNG (mulberry32). Tiny, fast and good enough for random splits; the point is
 * reproducibility: the same seed always yields the same forest, on every platform.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Coerce any finite number to a uint32 so that e.g. 1.5 and 2**40 are still usable seeds.
    this.state = Math.trunc(seed) >>> 0;
  }

  /** Next uint32 in [0, 2^32). */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (multiply-shift; bias is < n / 2^32, negligible here). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Standard normal deviate (Box-Muller); used by the extended variant's random hyperplanes. */
  nextGaussian(): number {
    // 1 - u keeps the log argument in (0, 1].
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
