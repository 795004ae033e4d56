import { type HeapForest } from './heap-layout';

/**
 * WebAssembly scoring kernel for the heap (implicit complete binary tree) form of a standard forest.
 *
 * Same traversal, same f64 comparisons (`x ≥ threshold` → right, so NaN goes left) and the same
 * summation order (tree 0, 1, …, t−1 into a zero-initialised sum per row) as the JavaScript kernels,
 * so path-length sums — and therefore scores — are bit-identical; tests assert that.
 * It is about twice as fast as the best JavaScript kernel we found: wasm loads from linear memory
 * carry no bounds / deopt checks, which in the JS kernel cost more than the traversal itself.
 *
 * The module is a few hundred bytes assembled here at runtime (no binary blob, no dependency) and
 * specialised for the tree height H: the H levels are unrolled. If WebAssembly is unavailable
 * (or refuses to instantiate, e.g. under a strict CSP) the caller falls back to the JS heap kernel.
 *
 * Linear memory of one instance (all little-endian):
 *   [forest]  nTrees × (2^(H+1) − 1) records of 16 bytes, heap order per tree. Internal record:
 *             f64 threshold at +0, i32 byte offset of the feature in a row (feature · 8) at +8.
 *             Leaf record (the last 2^H of each tree): f64 path length h = depth + c(size) at +0.
 *   [rows]    a block of up to `blockRows` row-major f64 rows, copied in per block
 *   [sums]    blockRows f64 path-length sums
 */

/** Rows traversed together: eight independent load→compare chains keep the core busy. */
const INTERLEAVE = 8;
const RECORD_BYTES = 16;
/** Upper bound on a block's row bytes (keeps the block in L2 next to one tree in L1). */
const BLOCK_BYTES = 128 * 1024;
const MAX_BLOCK_ROWS = 512;
/** Byte addresses are i32; stay far below 2 GiB. */
const MAX_MEMORY_BYTES = 1 << 30;
const PAGE_BYTES = 65536;

export interface WasmHeapKernel {
  /** sums[r] = Σ_t h_t(row r), for the rows of `data` (row-major, nFeatures columns); overwrites sums. */
  pathLengthSums(data: Float64Array, sums: Float64Array): void;
}

// --- a tiny assembler: just the opcodes the kernel uses -------------------------------------
const enum Op {
  Block = 0x02,
  Loop = 0x03,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  LocalGet = 0x20,
  LocalSet = 0x21,
  I32Load = 0x28,
  F64Load = 0x2b,
  F64Store = 0x39,
  I32Const = 0x41,
  I32GeU = 0x4f,
  F64Ge = 0x66,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Shl = 0x74,
  F64Add = 0xa0,
  Void = 0x40,
  I32 = 0x7f,
}

function uleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function ascii(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

// Parameters of `sums(nTrees, rowBytes, nRows, forestPtr, treeBytes, rowsPtr, sumsPtr)`.
const P_TREES = 0;
const P_ROW_BYTES = 1;
const P_ROWS = 2;
const P_FOREST = 3;
const P_TREE_BYTES = 4;
const P_DATA = 5;
const P_SUMS = 6;
const N_PARAMS = 7;
// Locals.
const L_T = 7; // tree counter
const L_BASE = 8; // address of the current tree's root record
const L_R = 9; // row counter
const L_K = 10; // 16 − base: child = 2·node + K + 16·(x ≥ threshold), all as record addresses
const L_SP = 11; // address of sums[r]
const L_ROW = 12; // INTERLEAVE row addresses
const L_NODE = L_ROW + INTERLEAVE; // INTERLEAVE node (record) addresses
const N_LOCALS = L_NODE + INTERLEAVE - N_PARAMS;

/** Module bytes for height H (levels unrolled). nRows passed to it must be a multiple of INTERLEAVE. */
export function kernelModuleBytes(height: number): Uint8Array {
  const c: number[] = [];
  const get = (i: number): void => void c.push(Op.LocalGet, i);
  const set = (i: number): void => void c.push(Op.LocalSet, i);
  const i32 = (v: number): void => void c.push(Op.I32Const, ...sleb(v));
  const memarg = (alignLog2: number, offset: number): number[] => [alignLog2, ...uleb(offset)];

  // t = 0; base = forestPtr
  i32(0);
  set(L_T);
  get(P_FOREST);
  set(L_BASE);
  c.push(Op.Block, Op.Void, Op.Loop, Op.Void);
  {
    get(L_T);
    get(P_TREES);
    c.push(Op.I32GeU, Op.BrIf, 1);
    // K = 16 − base; r = 0; row0 = rowsPtr; sp = sumsPtr
    i32(RECORD_BYTES);
    get(L_BASE);
    c.push(Op.I32Sub);
    set(L_K);
    i32(0);
    set(L_R);
    get(P_DATA);
    set(L_ROW);
    get(P_SUMS);
    set(L_SP);
    c.push(Op.Block, Op.Void, Op.Loop, Op.Void);
    {
      get(L_R);
      get(P_ROWS);
      c.push(Op.I32GeU, Op.BrIf, 1);
      for (let j = 1; j < INTERLEAVE; j++) {
        get(L_ROW + j - 1);
        get(P_ROW_BYTES);
        c.push(Op.I32Add);
        set(L_ROW + j);
      }
      for (let j = 0; j < INTERLEAVE; j++) {
        get(L_BASE);
        set(L_NODE + j);
      }
      for (let level = 0; level < height; level++) {
        for (let j = 0; j < INTERLEAVE; j++) {
          const node = L_NODE + j;
          // x = f64[row_j + i32[node + 8]]; right = x ≥ f64[node]
          get(node);
          c.push(Op.I32Load, ...memarg(2, 8));
          get(L_ROW + j);
          c.push(Op.I32Add, Op.F64Load, ...memarg(3, 0));
          get(node);
          c.push(Op.F64Load, ...memarg(3, 0), Op.F64Ge);
          i32(4);
          c.push(Op.I32Shl);
          // node = 2·node + K + 16·right
          get(node);
          i32(1);
          c.push(Op.I32Shl, Op.I32Add);
          get(L_K);
          c.push(Op.I32Add);
          set(node);
        }
      }
      // sums[r + j] += h at the leaf record
      for (let j = 0; j < INTERLEAVE; j++) {
        get(L_SP);
        get(L_SP);
        c.push(Op.F64Load, ...memarg(3, 8 * j));
        get(L_NODE + j);
        c.push(Op.F64Load, ...memarg(3, 0), Op.F64Add, Op.F64Store, ...memarg(3, 8 * j));
      }
      get(L_SP);
      i32(8 * INTERLEAVE);
      c.push(Op.I32Add);
      set(L_SP);
      get(L_ROW + INTERLEAVE - 1);
      get(P_ROW_BYTES);
      c.push(Op.I32Add);
      set(L_ROW);
      get(L_R);
      i32(INTERLEAVE);
      c.push(Op.I32Add);
      set(L_R);
      c.push(Op.Br, 0);
    }
    c.push(Op.End, Op.End);
    get(L_BASE);
    get(P_TREE_BYTES);
    c.push(Op.I32Add);
    set(L_BASE);
    get(L_T);
    i32(1);
    c.push(Op.I32Add);
    set(L_T);
    c.push(Op.Br, 0);
  }
  c.push(Op.End, Op.End, Op.End);

  const body = [...vec([[...uleb(N_LOCALS), Op.I32]]), ...c];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: N_PARAMS }, () => [Op.I32])), 0]])), // type: (i32 ×7) → ()
    ...section(2, vec([[...ascii('env'), ...ascii('memory'), 0x02, 0x00, 0x01]])), // import env.memory (min 1 page)
    ...section(3, vec([[0]])), // one function of type 0
    ...section(7, vec([[...ascii('sums'), 0x00, 0]])), // export it as "sums"
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/**
 * The part of the WebAssembly JS API we use. Declared here because the repo's TS lib setting
 * (ES2023 + node types, no DOM) declares WebAssembly only as a type namespace.
 */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

const wasmApi: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const modules = new Map<number, object>();

function moduleFor(api: WasmApi, height: number): object {
  const cached = modules.get(height);
  if (cached !== undefined) return cached;
  const compiled = new api.Module(kernelModuleBytes(height));
  modules.set(height, compiled);
  return compiled;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type SumsFn = (nTrees: number, rowBytes: number, nRows: number, forestPtr: number, treeBytes: number, rowsPtr: number, sumsPtr: number) => void;

/** Rows per block for nFeatures columns: a multiple of INTERLEAVE in [INTERLEAVE, MAX_BLOCK_ROWS]. */
export function blockRowsFor(nFeatures: number): number {
  const rows = Math.min(MAX_BLOCK_ROWS, Math.floor(BLOCK_BYTES / (8 * nFeatures)));
  return Math.max(INTERLEAVE, rows - (rows % INTERLEAVE));
}

/** Builds the wasm kernel for a compiled heap forest, or returns null where WebAssembly is not usable. */
export function compileWasmKernel(heap: HeapForest, nFeatures: number): WasmHeapKernel | null {
  const api = wasmApi;
  if (api === undefined || !littleEndian) return null;
  const H = heap.height;
  const nInternal = (1 << H) - 1;
  const nLeaves = 1 << H;
  const treeBytes = (nInternal + nLeaves) * RECORD_BYTES;
  const blockRows = blockRowsFor(nFeatures);
  const rowsPtr = heap.nTrees * treeBytes;
  const sumsPtr = rowsPtr + blockRows * nFeatures * 8;
  const totalBytes = sumsPtr + blockRows * 8;
  if (totalBytes > MAX_MEMORY_BYTES) return null;
  let sumsFn: SumsFn;
  let memory: { readonly buffer: ArrayBuffer };
  try {
    memory = new api.Memory({ initial: Math.ceil(totalBytes / PAGE_BYTES) });
    const instance = new api.Instance(moduleFor(api, H), { env: { memory } });
    const exported = instance.exports['sums'];
    if (typeof exported !== 'function') return null;
    sumsFn = exported as SumsFn;
  } catch {
    return null; // e.g. WebAssembly disabled by a content security policy, or out of memory
  }
  const f64 = new Float64Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  for (let t = 0; t < heap.nTrees; t++) {
    const rec = (t * treeBytes) / 8; // f64 index of the tree's first record
    for (let i = 0; i < nInternal; i++) {
      f64[rec + 2 * i] = heap.threshold[t * nInternal + i]!;
      i32[2 * (rec + 2 * i) + 2] = heap.feature[t * nInternal + i]! * 8;
    }
    for (let i = 0; i < nLeaves; i++) f64[rec + 2 * (nInternal + i)] = heap.pathLength[t * nLeaves + i]!;
  }
  const rows = new Float64Array(memory.buffer, rowsPtr, blockRows * nFeatures);
  const sums = new Float64Array(memory.buffer, sumsPtr, blockRows);
  const rowBytes = nFeatures * 8;
  return {
    pathLengthSums(data: Float64Array, out: Float64Array): void {
      const nRows = out.length;
      for (let start = 0; start < nRows; start += blockRows) {
        const m = Math.min(blockRows, nRows - start);
        const padded = Math.ceil(m / INTERLEAVE) * INTERLEAVE;
        rows.set(data.subarray(start * nFeatures, (start + m) * nFeatures));
        // Padding rows are traversed like any other; their sums are discarded.
        if (padded > m) rows.fill(0, m * nFeatures, padded * nFeatures);
        sums.fill(0, 0, padded);
        sumsFn(heap.nTrees, rowBytes, padded, 0, treeBytes, rowsPtr, sumsPtr);
        out.set(sums.subarray(0, m), start);
      }
    },
  };
}
