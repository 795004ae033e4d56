import { averagePathLength } from './c-factor';
import { type NodeStore } from './node-store';
import { type Prng } from './prng';

export interface TreeBuildContext {
  readonly store: NodeStore;
  readonly rng: Prng;
  /** The tree's subsample, row-major ψ × nFeatures (copied so node scans stay in cache). */
  readonly sample: Float64Array;
  readonly nFeatures: number;
  readonly heightLimit: number;
  /** 0 = axis-parallel splits (Liu et al. 2008); k > 0 = hyperplanes over k+1 features (Hariri et al. 2019). */
  readonly extensionLevel: number | null;
  /** Scratch: a permutation of 0..nFeatures−1, shuffled in place (stays a permutation, so draws stay uniform). */
  readonly featureOrder: Int32Array;
  /** Scratch: [min, max] of the feature drawFeature just drew, over the node's members. */
  readonly range: Float64Array;
  /** Scratch for hyperplane normals. */
  readonly normalIndex: Int32Array;
  readonly normalCoef: Float64Array;
  /** Scratch: node member indices into the sample, partitioned in place as we descend. */
  readonly members: Int32Array;
}

/** Builds one isolation tree (Liu et al. 2008, Algorithm 2) over members[0..ψ) and returns its root. */
export function buildTree(ctx: TreeBuildContext): number {
  const n = ctx.sample.length / ctx.nFeatures;
  for (let i = 0; i < n; i++) ctx.members[i] = i;
  return grow(ctx, 0, n, 0);
}

// Recursion depth is bounded by the height limit ⌈log2 ψ⌉ (≤ 31), so the stack is never at risk.
function grow(ctx: TreeBuildContext, start: number, end: number, depth: number): number {
  const size = end - start;
  const node = ctx.store.alloc(size);
  if (depth >= ctx.heightLimit || size <= 1) {
    ctx.store.setLeaf(node, depth + averagePathLength(size));
    return node;
  }
  const mid = ctx.extensionLevel === null ? axisSplit(ctx, node, start, end) : hyperplaneSplit(ctx, node, start, end, ctx.extensionLevel);
  if (mid < 0) {
    // Every feature is constant here (duplicates): cannot split, treat as an external node.
    ctx.store.setLeaf(node, depth + averagePathLength(size));
    return node;
  }
  const left = grow(ctx, start, mid, depth + 1);
  const right = grow(ctx, mid, end, depth + 1);
  ctx.store.setChildren(node, left, right);
  return node;
}

/**
 * Picks a feature uniformly among those with range > 0 in this node (drawing without replacement,
 * so constant features never waste a split), then a split value uniform in [min, max).
 * Partitions members so that x[q] < p comes first; returns the partition point, or −1 if no feature varies.
 */
function axisSplit(ctx: TreeBuildContext, node: number, start: number, end: number): number {
  const { sample, nFeatures: d, members, range, rng } = ctx;
  for (let remaining = d; remaining > 0; remaining--) {
    const q = drawFeature(ctx, remaining, start, end);
    const lo = range[0]!;
    const hi = range[1]!;
    if (hi > lo) {
      const p = lo + rng.nextFloat() * (hi - lo);
      ctx.store.setAxisSplit(node, q, p);
      return partition(members, start, end, (m) => sample[m * d + q]! < p);
    }
  }
  return -1;
}

/**
 * Extended IF split: a random normal over (extensionLevel + 1) non-constant features with N(0,1)
 * coefficients, through a random intercept point drawn uniformly in the node's bounding box.
 */
function hyperplaneSplit(ctx: TreeBuildContext, node: number, start: number, end: number, extensionLevel: number): number {
  const { sample, nFeatures: d, members, range, rng, normalIndex, normalCoef } = ctx;
  const k = extensionLevel + 1;
  let chosen = 0;
  let offset = 0;
  for (let remaining = d; remaining > 0 && chosen < k; remaining--) {
    const q = drawFeature(ctx, remaining, start, end);
    const lo = range[0]!;
    const hi = range[1]!;
    if (hi > lo) {
      const coef = rng.nextGaussian();
      normalIndex[chosen] = q;
      normalCoef[chosen] = coef;
      offset += coef * (lo + rng.nextFloat() * (hi - lo));
      chosen++;
    }
  }
  if (chosen === 0) return -1;
  ctx.store.setHyperplaneSplit(node, normalIndex, normalCoef, chosen, offset);
  return partition(members, start, end, (m) => {
    let dot = 0;
    for (let j = 0; j < chosen; j++) dot += normalCoef[j]! * sample[m * d + normalIndex[j]!]!;
    return dot < offset;
  });
}

/**
 * Draws one of the first `remaining` entries of featureOrder uniformly and swaps it behind them
 * (so the next draw is without replacement); writes its [min, max] over members[start..end) to
 * ctx.range and returns the feature.
 */
function drawFeature(ctx: TreeBuildContext, remaining: number, start: number, end: number): number {
  const { sample, nFeatures: d, members, featureOrder, range } = ctx;
  const j = ctx.rng.nextInt(remaining);
  const q = featureOrder[j]!;
  featureOrder[j] = featureOrder[remaining - 1]!;
  featureOrder[remaining - 1] = q;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const v = sample[members[i]! * d + q]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  range[0] = lo;
  range[1] = hi;
  return q;
}

/** In-place partition of members[start..end): those satisfying goesLeft first; returns the boundary. */
function partition(members: Int32Array, start: number, end: number, goesLeft: (m: number) => boolean): number {
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (goesLeft(members[i]!)) {
      i++;
    } else {
      const t = members[i]!;
      members[i] = members[j]!;
      members[j] = t;
      j--;
    }
  }
  return i;
}
