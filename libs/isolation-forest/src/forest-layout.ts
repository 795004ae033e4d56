/**
 * Flat, typed-array layout of a whole forest: node i of any tree lives at index i of every array
 * (no object per node), trees are stored one after another in pre-order, child indices are absolute.
 * Scoring therefore touches only a few contiguous arrays, which keeps it cache- and JIT-friendly.
 */
export interface ForestLayout {
  /** Index of each tree's root node. */
  readonly treeRoots: Int32Array;
  /** Split feature of an internal node; −1 marks an external (leaf) node. Extended variant: −2 = hyperplane split. */
  readonly splitFeature: Int32Array;
  /** Standard: go left when x[feature] < splitValue. Extended: go left when n·x < splitValue. */
  readonly splitValue: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** External nodes only: depth + c(size), i.e. h(x) for any point ending here (Liu et al. 2008, Alg. 3). */
  readonly leafPathLength: Float64Array;
  /** Training-sample count reaching each node (used by the explanation). */
  readonly nodeSize: Int32Array;
  /** Extended variant only: hyperplane of internal node i is normalIndex/normalCoef[normalOffset[i] .. normalOffset[i+1]). */
  readonly hyperplanes: HyperplaneLayout | null;
}

export interface HyperplaneLayout {
  readonly normalOffset: Int32Array;
  readonly normalIndex: Int32Array;
  readonly normalCoef: Float64Array;
}

export const LEAF = -1;
export const HYPERPLANE = -2;

