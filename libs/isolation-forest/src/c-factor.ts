/** Euler–Mascheroni constant, as used by Liu, Ting & Zhou (2008) for H(i) ≈ ln(i) + γ. */
export const EULER_GAMMA = 0.5772156649;

/**
 * c(n): average path length of an unsuccessful BST search among n points (Liu et al. 2008, eq. 1),
 * c(n) = 2H(n−1) − 2(n−1)/n with H(i) = ln(i) + γ.
 * The harmonic approximation is poor for tiny n, so (like scikit-learn) we use the exact values
 * c(0) = c(1) = 0 (nothing left to isolate) and c(2) = 1 (one split isolates both points).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Height limit l = ⌈log2 ψ⌉: the average tree height, beyond which we only care that a point is "normal". */
export function heightLimitFor(sampleSize: number): number {
  return Math.max(0, Math.ceil(Math.log2(sampleSize)));
}
