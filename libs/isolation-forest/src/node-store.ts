import { HYPERPLANE, LEAF, type ForestLayout } from './forest-layout';

function grownInt32(a: Int32Array, minLength: number): Int32Array {
  if (a.length >= minLength) return a;
  const next = new Int32Array(Math.max(minLength, a.length * 2));
  next.set(a);
  return next;
}

function grownFloat64(a: Float64Array, minLength: number): Float64Array {
  if (a.length >= minLength) return a;
  const next = new Float64Array(Math.max(minLength, a.length * 2));
  next.set(a);
  return next;
}

/** Append-only builder for a ForestLayout; grows geometrically, trimmed once by finish(). */
export class NodeStore {
  private count = 0;
  private splitFeature: Int32Array;
  private splitValue: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private leafPathLength: Float64Array;
  private nodeSize: Int32Array;
  private readonly roots: number[] = [];
  // Extended variant: sparse hyperplane normals, CSR-style (offset per node, +1 sentinel).
  private readonly withHyperplanes: boolean;
  private coefCount = 0;
  private normalOffset: Int32Array;
  private normalIndex: Int32Array;
  private normalCoef: Float64Array;

  constructor(expectedNodes: number, withHyperplanes: boolean) {
    const n = Math.max(1, expectedNodes);
    this.splitFeature = new Int32Array(n);
    this.splitValue = new Float64Array(n);
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    this.leafPathLength = new Float64Array(n);
    this.nodeSize = new Int32Array(n);
    this.withHyperplanes = withHyperplanes;
    this.normalOffset = new Int32Array(withHyperplanes ? n + 1 : 0);
    this.normalIndex = new Int32Array(0);
    this.normalCoef = new Float64Array(0);
  }

  addRoot(node: number): void {
    this.roots.push(node);
  }

  /** Reserves the next node slot (pre-order: a parent is allocated before its children). */
  alloc(size: number): number {
    const i = this.count++;
    if (i >= this.splitFeature.length) {
      const need = i + 1;
      this.splitFeature = grownInt32(this.splitFeature, need);
      this.splitValue = grownFloat64(this.splitValue, need);
      this.left = grownInt32(this.left, need);
      this.right = grownInt32(this.right, need);
      this.leafPathLength = grownFloat64(this.leafPathLength, need);
      this.nodeSize = grownInt32(this.nodeSize, need);
    }
    if (this.withHyperplanes) {
      this.normalOffset = grownInt32(this.normalOffset, i + 2);
      this.normalOffset[i] = this.coefCount;
      this.normalOffset[i + 1] = this.coefCount;
    }
    this.nodeSize[i] = size;
    this.left[i] = -1;
    this.right[i] = -1;
    return i;
  }

  setLeaf(node: number, pathLength: number): void {
    this.splitFeature[node] = LEAF;
    this.leafPathLength[node] = pathLength;
  }

  setAxisSplit(node: number, feature: number, value: number): void {
    this.splitFeature[node] = feature;
    this.splitValue[node] = value;
  }

  /** Must be called right after alloc(node), before any child is allocated (keeps the CSR contiguous). */
  setHyperplaneSplit(node: number, indices: ArrayLike<number>, coefs: ArrayLike<number>, k: number, value: number): void {
    this.splitFeature[node] = HYPERPLANE;
    this.splitValue[node] = value;
    this.normalIndex = grownInt32(this.normalIndex, this.coefCount + k);
    this.normalCoef = grownFloat64(this.normalCoef, this.coefCount + k);
    for (let j = 0; j < k; j++) {
      this.normalIndex[this.coefCount + j] = indices[j]!;
      this.normalCoef[this.coefCount + j] = coefs[j]!;
    }
    this.coefCount += k;
    this.normalOffset[node + 1] = this.coefCount;
  }

  setChildren(node: number, left: number, right: number): void {
    this.left[node] = left;
    this.right[node] = right;
  }

  finish(): ForestLayout {
    const n = this.count;
    return {
      treeRoots: Int32Array.from(this.roots),
      splitFeature: this.splitFeature.slice(0, n),
      splitValue: this.splitValue.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      leafPathLength: this.leafPathLength.slice(0, n),
      nodeSize: this.nodeSize.slice(0, n),
      hyperplanes: this.withHyperplanes
        ? {
            normalOffset: this.normalOffset.slice(0, n + 1),
            normalIndex: this.normalIndex.slice(0, this.coefCount),
            normalCoef: this.normalCoef.slice(0, this.coefCount),
          }
        : null,
    };
  }
}
