import { type ForestLayout } from './forest-layout';
import { heapPathLengthSums, type HeapForest } from './heap-layout';
import { type WasmHeapKernel } from './wasm-kernel';

/**
 * Derived, never-serialised fast forms of a standard forest (see heap-layout.ts, wasm-kernel.ts).
 * scoreInto uses the wasm kernel if present, else the JS heap kernel, else the pointer walk;
 * all three give bit-identical scores.
 */
export interface FastForms {
  readonly heap: HeapForest | null;
  readonly wasm: WasmHeapKernel | null;
}

/** Rows per block (generic pointer kernel): the block's rows and one tree both stay in cache while we sweep. */
const BLOCK_ROWS = 512;

/**
 * Anomaly scores s(x) = 2^(−E[h(x)] / c(ψ)) for a row-major batch, written into `out`.
 * Loops tree-major within blocks of rows, iteratively (no recursion, no allocation per row).
 */
export function scoreInto(layout: ForestLayout, fast: FastForms | null, data: Float64Array, nFeatures: number, normalizer: number, out: Float64Array): void {
  const nRows = out.length;
  const nTrees = layout.treeRoots.length;
  // E[h] / c(ψ) = sum / (t · c(ψ)); s = 2^(−that) = exp(−that · ln 2).
  const scale = -Math.LN2 / (nTrees * normalizer);
  if (fast?.wasm) {
    fast.wasm.pathLengthSums(data, out);
  } else if (fast?.heap) {
    out.fill(0);
    heapPathLengthSums(fast.heap, data, nFeatures, out);
  } else if (layout.hyperplanes === null) {
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const end = Math.min(nRows, start + BLOCK_ROWS);
      out.fill(0, start, end);
      for (let t = 0; t < nTrees; t++) axisTreeSums(layout, layout.treeRoots[t]!, data, nFeatures, start, end, out);
    }
  } else {
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const end = Math.min(nRows, start + BLOCK_ROWS);
      out.fill(0, start, end);
      for (let t = 0; t < nTrees; t++) hyperplaneTreeSums(layout, layout.treeRoots[t]!, data, nFeatures, start, end, out);
    }
  }
  for (let r = 0; r < nRows; r++) out[r] = Math.exp(out[r]! * scale);
}

// Hot loop: kept monomorphic (typed arrays pulled into locals) so V8 emits tight machine code.
function axisTreeSums(layout: ForestLayout, root: number, data: Float64Array, d: number, start: number, end: number, sums: Float64Array): void {
  const feature = layout.splitFeature;
  const value = layout.splitValue;
  const left = layout.left;
  const right = layout.right;
  const leafLen = layout.leafPathLength;
  for (let r = start; r < end; r++) {
    const base = r * d;
    let node = root;
    let f = feature[node]!;
    while (f >= 0) {
      node = data[base + f]! >= value[node]! ? right[node]! : left[node]!;
      f = feature[node]!;
    }
    sums[r] = sums[r]! + leafLen[node]!;
  }
}

function hyperplaneTreeSums(layout: ForestLayout, root: number, data: Float64Array, d: number, start: number, end: number, sums: Float64Array): void {
  const hp = layout.hyperplanes!;
  const feature = layout.splitFeature;
  const value = layout.splitValue;
  const left = layout.left;
  const right = layout.right;
  const leafLen = layout.leafPathLength;
  const off = hp.normalOffset;
  const idx = hp.normalIndex;
  const coef = hp.normalCoef;
  for (let r = start; r < end; r++) {
    const base = r * d;
    let node = root;
    while (feature[node]! !== -1) {
      let dot = 0;
      for (let j = off[node]!, e = off[node + 1]!; j < e; j++) dot += coef[j]! * data[base + idx[j]!]!;
      node = dot >= value[node]! ? right[node]! : left[node]!;
    }
    sums[r] = sums[r]! + leafLen[node]!;
  }
}

/**
 * Which child a single row goes to at an internal node (shared by the explanation walk).
 * Everywhere we go right iff value ≥ threshold, so NaN consistently goes left.
 */
export function goesLeft(layout: ForestLayout, node: number, row: ArrayLike<number>): boolean {
  const f = layout.splitFeature[node]!;
  if (f >= 0) return !(row[f]! >= layout.splitValue[node]!);
  const hp = layout.hyperplanes!;
  let dot = 0;
  for (let j = hp.normalOffset[node]!, e = hp.normalOffset[node + 1]!; j < e; j++) dot += hp.normalCoef[j]! * row[hp.normalIndex[j]!]!;
  return !(dot >= layout.splitValue[node]!);
}
