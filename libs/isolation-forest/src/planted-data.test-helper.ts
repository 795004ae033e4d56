import { Prng } from './prng';

export interface PlantedData {
  readonly data: Float64Array;
  readonly labels: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
}

/** Gaussian inliers plus far outliers (shifted by ±`distance` σ in every feature), all from the seeded PRNG. */
export function plantedOutliers(nInliers: number, nOutliers: number, nFeatures: number, seed: number, distance = 6): PlantedData {
  const rng = new Prng(seed);
  const nRows = nInliers + nOutliers;
  const data = new Float64Array(nRows * nFeatures);
  const labels = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const outlier = r >= nInliers;
    labels[r] = outlier ? 1 : 0;
    for (let f = 0; f < nFeatures; f++) {
      const shift = outlier ? (rng.nextFloat() < 0.5 ? -distance : distance) : 0;
      data[r * nFeatures + f] = rng.nextGaussian() + shift;
    }
  }
  return { data, labels, nRows, nFeatures };
}
