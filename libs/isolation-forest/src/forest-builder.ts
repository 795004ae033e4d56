import { type ForestLayout } from './forest-layout';
import { NodeStore } from './node-store';
import { Prng } from './prng';
import { buildTree } from './tree-builder';

export interface ForestBuildParams {
  readonly nTrees: number;
  /** Effective ψ (already capped at the row count). */
  readonly sampleSize: number;
  readonly heightLimit: number;
  readonly seed: number;
  readonly extensionLevel: number | null;
}

/** Grows t trees, each on its own ψ-row subsample drawn without replacement (Liu et al. 2008, Algorithm 1). */
export function buildForest(data: Float64Array, nFeatures: number, params: ForestBuildParams): ForestLayout {
  const nRows = data.length / nFeatures;
  const psi = params.sampleSize;
  const rng = new Prng(params.seed);
  const withHyperplanes = params.extensionLevel !== null;
  const store = new NodeStore(params.nTrees * (2 * psi - 1), withHyperplanes);
  // A permutation of row ids that we keep partially shuffling: the first ψ entries after ψ
  // Fisher–Yates steps are a uniform sample without replacement, whatever order we start from.
  const rowOrder = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) rowOrder[i] = i;
  const sample = new Float64Array(psi * nFeatures);
  const featureOrder = new Int32Array(nFeatures);
  for (let i = 0; i < nFeatures; i++) featureOrder[i] = i;
  const ctx = {
    store,
    rng,
    sample,
    nFeatures,
    heightLimit: params.heightLimit,
    extensionLevel: params.extensionLevel,
    featureOrder,
    range: new Float64Array(2),
    normalIndex: new Int32Array(nFeatures),
    normalCoef: new Float64Array(nFeatures),
    members: new Int32Array(psi),
  };
  for (let t = 0; t < params.nTrees; t++) {
    for (let i = 0; i < psi; i++) {
      const j = i + rng.nextInt(nRows - i);
      const row = rowOrder[j]!;
      rowOrder[j] = rowOrder[i]!;
      rowOrder[i] = row;
      sample.set(data.subarray(row * nFeatures, (row + 1) * nFeatures), i * nFeatures);
    }
    store.addRoot(buildTree(ctx));
  }
  return store.finish();
}
