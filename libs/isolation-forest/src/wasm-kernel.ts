import { type HeapForest } from './heap-layout';

/**
 * WebAssembly scoring kernel for the heap (implicit complete binary tree) form of a standard forest.
 *
 * Same traversal, same f64 comparisons (`x ≥ threshold` → right, so NaN goes left) and the same
 * summation order (tree 0, 1, …, t−1 into a zero-initialised sum per row) as the JavaScript kernels,
 * so path-length sums — and therefore scores — are bit-identical; tests assert that. SIMD lanes
 * only ever hold different rows, and f64x2 compare/add are lane-wise IEEE like the scalar ops.
 *
 * The module (10–15 KB) is assembled here at runtime (no binary blob, no dependency) for one
 * forest shape (height H, number of trees, row width), so that every data-independent address is
 * an immediate offset. Each choice below was measured (bench/iforest.bench.ts); together ~1.5×
 * the previous kernel (eight interleaved rows walking all H levels, row-major rows) on every set:
 *
 * - Blocks of up to 64 rows at fixed addresses, rows unrolled: no per-row address arithmetic.
 * - The block is transposed (two rows × two columns per SIMD shuffle) to column-major order, so
 *   rows on the same path read neighbouring bytes. With row-major rows nearly every feature load
 *   on wide data (274 columns) was an L1 miss.
 * - Level-synchronous: one pass over the block's rows per tree level, the current node of each
 *   row kept in memory. All steps of a pass are independent, so cache misses overlap; walking
 *   all levels per row left the core waiting on each row's chain of dependent loads.
 * - Levels 0 and 1 (three nodes, known before looking at the data) for two rows at a time with
 *   f64x2 compares; the last level adds the leaf's h to two rows' sums at a time.
 *
 * Where WebAssembly (or its SIMD) is unavailable or refused (e.g. a strict CSP), the caller uses
 * the JS heap kernel.
 *
 * Linear memory of one instance (little-endian, every region 16-byte aligned):
 *   [forest]  per tree: 2^H − 1 internal records of 16 bytes in heap order (f64 threshold at +0,
 *             i32 byte offset of the feature's column in [cols] at +8), then 2^H f64 leaf values
 *             h = depth + c(size). The leaves of internal node n on level H−1 are at n + 8·2^H.
 *   [stage]   blockRows row-major rows, copied in from JS
 *   [cols]    the same rows column-major: column f at f · blockRows · 8
 *   [nodes]   per row an 8-byte slot whose low i32 is the current node's address
 *   [sums]    per row the f64 path-length sum
 */

/** Rows per entry point: a partial block occupies the last rows and starts at a multiple of this. */
const GROUP = 8;
const MAX_BLOCK_ROWS = 64;
/** Budget for a block's [stage] + [cols] (2 copies of its rows): they stay in L2 next to the trees. */
const BLOCK_BYTES = 256 * 1024;
const RECORD_BYTES = 16;
/** Byte addresses and immediate offsets are u32; stay far below that. */
const MAX_MEMORY_BYTES = 1 << 30;
const PAGE_BYTES = 65536;

export interface WasmHeapKernel {
  /** sums[r] = Σ_t h_t(row r), for the rows of `data` (row-major, nFeatures columns); overwrites sums. */
  pathLengthSums(data: Float64Array, sums: Float64Array): void;
}

/** Rows per block for nFeatures columns: a multiple of GROUP in [GROUP, MAX_BLOCK_ROWS]. */
export function blockRowsFor(nFeatures: number): number {
  const rows = Math.min(MAX_BLOCK_ROWS, Math.floor(BLOCK_BYTES / (2 * 8 * nFeatures)));
  return Math.max(GROUP, rows - (rows % GROUP));
}

/** Addresses of the memory regions for one forest shape. */
interface KernelPlan {
  readonly height: number;
  readonly nTrees: number;
  readonly nFeatures: number;
  readonly blockRows: number;
  readonly treeBytes: number;
  readonly stage: number;
  readonly cols: number;
  readonly nodes: number;
  readonly sums: number;
  readonly totalBytes: number;
}

function kernelPlan(height: number, nTrees: number, nFeatures: number): KernelPlan {
  const blockRows = blockRowsFor(nFeatures);
  const treeBytes = ((1 << height) - 1) * RECORD_BYTES + (1 << height) * 8; // a multiple of 16
  const stage = nTrees * treeBytes;
  const cols = stage + blockRows * nFeatures * 8;
  const nodes = cols + blockRows * nFeatures * 8;
  const sums = nodes + blockRows * 8;
  return { height, nTrees, nFeatures, blockRows, treeBytes, stage, cols, nodes, sums, totalBytes: sums + blockRows * 8 };
}

// --- a tiny assembler: just the opcodes the kernel uses -------------------------------------
const enum Op {
  Block = 0x02,
  Loop = 0x03,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  BrTable = 0x0e,
  Select = 0x1b,
  LocalGet = 0x20,
  LocalSet = 0x21,
  LocalTee = 0x22,
  I32Load = 0x28,
  F64Load = 0x2b,
  I32Store = 0x36,
  F64Store = 0x39,
  I32Const = 0x41,
  I32GeU = 0x4f,
  I32LtU = 0x49,
  F64Ge = 0x66,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Shl = 0x74,
  I64ExtendI32U = 0xad,
  Simd = 0xfd,
  Void = 0x40,
  I32 = 0x7f,
  V128 = 0x7b,
}

const enum SimdOp {
  Load = 0x00,
  Store = 0x0b,
  Const = 0x0c,
  Shuffle = 0x0d,
  I64x2Splat = 0x12,
  F64x2Splat = 0x14,
  F64x2Ge = 0x4c,
  And = 0x4e,
  Or = 0x50,
  Bitselect = 0x52,
  Load64Lane = 0x57,
  Load64Zero = 0x5d,
  I64x2Add = 0xce,
  F64x2Add = 0xf0,
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

/** Two equal i64 lanes holding v (v < 2^31). */
function i64x2Bytes(v: number): number[] {
  const lane = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff, 0, 0, 0, 0];
  return [...lane, ...lane];
}

class Code {
  readonly bytes: number[] = [];
  op(...b: number[]): void {
    this.bytes.push(...b);
  }
  get(i: number): void {
    this.op(Op.LocalGet, i);
  }
  set(i: number): void {
    this.op(Op.LocalSet, i);
  }
  tee(i: number): void {
    this.op(Op.LocalTee, i);
  }
  i32(v: number): void {
    this.op(Op.I32Const, ...sleb(v));
  }
  /** Scalar load/store: opcode, log2 alignment, immediate offset. */
  mem(op: Op, alignLog2: number, offset: number): void {
    this.op(op, alignLog2, ...uleb(offset));
  }
  simd(op: SimdOp, ...immediates: number[]): void {
    this.op(Op.Simd, ...uleb(op), ...immediates);
  }
  /** SIMD load/store with 16-byte (or, for 64-bit lanes, 8-byte) alignment hint. */
  simdMem(op: SimdOp, offset: number, ...lane: number[]): void {
    this.simd(op, op === SimdOp.Load || op === SimdOp.Store ? 4 : 3, ...uleb(offset), ...lane);
  }
}

// Locals of `score(startGroup)`.
const P_START = 0;
const L_T = 1; // tree counter
const L_BASE = 2; // address of the current tree's root record
const L_K = 3; // 16 − base: child = 2·node + K + 16·(x ≥ threshold), all as record addresses
const L_N = 4; // current node (mid levels)
const L_TMP = 5;
const L_LV = 6; // level counter (mid levels)
const L_SRC = 7; // transposition: byte offset of the column pair in a staged row
const L_DST = 8; // transposition: byte offset of the column pair in [cols]
const L_F0 = 9; // column offsets of the nodes on levels 0 and 1
const L_F1 = 10;
const L_F2 = 11;
const L_NA = 12; // nodes of a row pair (last level)
const L_NB = 13;
const N_I32 = 13;
const V_TH0 = 14; // thresholds of the nodes on levels 0 and 1, splatted
const V_TH1 = 15;
const V_TH2 = 16;
const V_M0 = 17; // per row pair: right at the root?
const V_CT = 18; // base address of level T, as i64x2
const V_A = 19; // transposition rows / last-level leaf pair
const V_B = 20;
const N_V128 = 7;

/** Module bytes for one forest shape; exports `score(startGroup)` (see compileWasmKernel). */
function kernelModuleBytes(plan: KernelPlan): Uint8Array {
  const { height: H, nTrees, nFeatures: d, blockRows: B, treeBytes, stage, cols, nodes, sums } = plan;
  const rowBytes = d * 8;
  const nGroups = B / GROUP;
  const leafOffset = 8 << H;
  const c = new Code();

  /** Emits group(g) for every g, entered at g = startGroup (a br_table into the unrolled code). */
  const fromStartGroup = (group: (g: number) => void): void => {
    for (let g = 0; g < nGroups; g++) c.op(Op.Block, Op.Void);
    c.get(P_START);
    c.op(Op.BrTable, ...uleb(nGroups), ...Array.from({ length: nGroups }, (_, g) => uleb(g)).flat(), ...uleb(nGroups - 1));
    for (let g = 0; g < nGroups; g++) {
      c.op(Op.End);
      group(g);
    }
  };
  /** Pushes x of row r in the column of `node` (column offset at node + 8, row at + 8r). */
  const pushX = (node: number, r: number): void => {
    c.get(node);
    c.mem(Op.I32Load, 2, 8);
    c.mem(Op.F64Load, 3, cols + 8 * r);
  };
  /** Pushes 8·(x ≥ threshold) for the row r at node. */
  const pushRight8 = (node: number, r: number): void => {
    pushX(node, r);
    c.get(node);
    c.mem(Op.F64Load, 3, 0);
    c.op(Op.F64Ge);
    c.i32(3);
    c.op(Op.I32Shl);
  };

  // 1. Transpose [stage] → [cols] (the block's rows from startGroup on): two rows × two columns
  //    per pair of 16-byte loads.
  const pairs = d >> 1;
  if (pairs > 0) {
    const lo = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
    const hi = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
    c.i32(0);
    c.set(L_SRC);
    c.i32(0);
    c.set(L_DST);
    c.op(Op.Loop, Op.Void);
    fromStartGroup((g) => {
      for (let r = g * GROUP; r < (g + 1) * GROUP; r += 2) {
        c.get(L_SRC);
        c.simdMem(SimdOp.Load, stage + r * rowBytes);
        c.set(V_A);
        c.get(L_SRC);
        c.simdMem(SimdOp.Load, stage + (r + 1) * rowBytes);
        c.set(V_B);
        for (const [shuffle, column] of [[lo, 0], [hi, 1]] as const) {
          c.get(L_DST);
          c.get(V_A);
          c.get(V_B);
          c.simd(SimdOp.Shuffle, ...shuffle);
          c.simdMem(SimdOp.Store, cols + column * B * 8 + 8 * r);
        }
      }
    });
    c.get(L_DST);
    c.i32(2 * B * 8);
    c.op(Op.I32Add);
    c.set(L_DST);
    c.get(L_SRC);
    c.i32(16);
    c.op(Op.I32Add);
    c.tee(L_SRC);
    c.i32(pairs * 16);
    c.op(Op.I32LtU, Op.BrIf, 0, Op.End);
  }
  if (d % 2 === 1) {
    fromStartGroup((g) => {
      for (let r = g * GROUP; r < (g + 1) * GROUP; r++) {
        c.i32(0);
        c.i32(0);
        c.mem(Op.F64Load, 3, stage + r * rowBytes + (d - 1) * 8);
        c.mem(Op.F64Store, 3, cols + (d - 1) * B * 8 + 8 * r);
      }
    });
  }

  // 2. Trees, one after another (the summation order of every kernel).
  const T = Math.min(2, H - 1); // levels done two rows at a time; 0 when the root's children are leaves
  c.i32(0);
  c.set(L_T);
  c.i32(0);
  c.set(L_BASE);
  c.op(Op.Block, Op.Void, Op.Loop, Op.Void);
  {
    c.get(L_T);
    c.i32(nTrees);
    c.op(Op.I32GeU, Op.BrIf, 1);
    c.i32(RECORD_BYTES);
    c.get(L_BASE);
    c.op(Op.I32Sub);
    c.set(L_K);
    const topNodes = [
      [L_F0, V_TH0],
      [L_F1, V_TH1],
      [L_F2, V_TH2],
    ] as const;
    for (let i = 0; i < (1 << T) - 1; i++) {
      const [feature, threshold] = topNodes[i]!;
      c.get(L_BASE);
      c.mem(Op.I32Load, 2, RECORD_BYTES * i + 8);
      c.set(feature);
      c.get(L_BASE);
      c.mem(Op.F64Load, 3, RECORD_BYTES * i);
      c.simd(SimdOp.F64x2Splat);
      c.set(threshold);
    }
    if (T > 0) {
      // Levels 0..T−1 for two rows at a time: node on level T = base + 16·(2^T − 1 + path bits).
      c.get(L_BASE);
      c.i32(RECORD_BYTES * ((1 << T) - 1));
      c.op(Op.I32Add, Op.I64ExtendI32U);
      c.simd(SimdOp.I64x2Splat);
      c.set(V_CT);
      const rightAt = (feature: number, threshold: number, p: number): void => {
        c.get(feature);
        c.simdMem(SimdOp.Load, cols + 16 * p);
        c.get(threshold);
        c.simd(SimdOp.F64x2Ge);
      };
      fromStartGroup((g) => {
        for (let p = g * (GROUP / 2); p < (g + 1) * (GROUP / 2); p++) {
          c.i32(0);
          rightAt(L_F0, V_TH0, p);
          if (T === 1) {
            c.simd(SimdOp.Const, ...i64x2Bytes(RECORD_BYTES));
            c.simd(SimdOp.And);
          } else {
            c.tee(V_M0);
            c.simd(SimdOp.Const, ...i64x2Bytes(2 * RECORD_BYTES));
            c.simd(SimdOp.And);
            rightAt(L_F2, V_TH2, p);
            rightAt(L_F1, V_TH1, p);
            c.get(V_M0);
            c.simd(SimdOp.Bitselect);
            c.simd(SimdOp.Const, ...i64x2Bytes(RECORD_BYTES));
            c.simd(SimdOp.And);
            c.simd(SimdOp.Or);
          }
          c.get(V_CT);
          c.simd(SimdOp.I64x2Add);
          c.simdMem(SimdOp.Store, nodes + 16 * p);
        }
      });
      // Levels T..H−2: node = select(2n + K + 16, 2n + K, x ≥ threshold), one row at a time.
      if (H - 1 > T) {
        c.i32(T);
        c.set(L_LV);
        c.op(Op.Loop, Op.Void);
        fromStartGroup((g) => {
          for (let r = g * GROUP; r < (g + 1) * GROUP; r++) {
            c.i32(0);
            c.i32(0);
            c.mem(Op.I32Load, 2, nodes + 8 * r);
            c.tee(L_N);
            c.i32(1);
            c.op(Op.I32Shl);
            c.get(L_K);
            c.op(Op.I32Add);
            c.tee(L_TMP);
            c.i32(RECORD_BYTES);
            c.op(Op.I32Add);
            c.get(L_TMP);
            pushX(L_N, r);
            c.get(L_N);
            c.mem(Op.F64Load, 3, 0);
            c.op(Op.F64Ge, Op.Select);
            c.mem(Op.I32Store, 2, nodes + 8 * r);
          }
        });
        c.get(L_LV);
        c.i32(1);
        c.op(Op.I32Add);
        c.tee(L_LV);
        c.i32(H - 1);
        c.op(Op.I32LtU, Op.BrIf, 0, Op.End);
      }
    }
    // Level H−1: sums += h at leaf n + 8·2^H + 8·(x ≥ threshold), two rows at a time.
    fromStartGroup((g) => {
      for (let r = g * GROUP; r < (g + 1) * GROUP; r += 2) {
        for (const [node, row] of [
          [L_NA, r],
          [L_NB, r + 1],
        ] as const) {
          if (T > 0) {
            c.i32(0);
            c.mem(Op.I32Load, 2, nodes + 8 * row);
          } else c.get(L_BASE);
          c.set(node);
        }
        c.i32(0);
        c.i32(0);
        c.simdMem(SimdOp.Load, sums + 8 * r);
        c.get(L_NA);
        pushRight8(L_NA, r);
        c.op(Op.I32Add);
        c.simdMem(SimdOp.Load64Zero, leafOffset);
        c.set(V_A);
        c.get(L_NB);
        pushRight8(L_NB, r + 1);
        c.op(Op.I32Add);
        c.get(V_A);
        c.simdMem(SimdOp.Load64Lane, leafOffset, 1);
        c.simd(SimdOp.F64x2Add);
        c.simdMem(SimdOp.Store, sums + 8 * r);
      }
    });
    c.get(L_BASE);
    c.i32(treeBytes);
    c.op(Op.I32Add);
    c.set(L_BASE);
    c.get(L_T);
    c.i32(1);
    c.op(Op.I32Add);
    c.set(L_T);
    c.op(Op.Br, 0);
  }
  c.op(Op.End, Op.End, Op.End);

  const body = [...vec([[...uleb(N_I32), Op.I32], [...uleb(N_V128), Op.V128]]), ...c.bytes];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[Op.I32]]), 0]])), // type: (i32) → ()
    ...section(2, vec([[...ascii('env'), ...ascii('memory'), 0x02, 0x00, 0x01]])), // import env.memory (min 1 page)
    ...section(3, vec([[0]])), // one function of type 0
    ...section(7, vec([[...ascii('score'), 0x00, 0]])), // export it as "score"
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

/** Compiled modules by forest shape (a refit or a loaded model of the same shape reuses one). */
const modules = new Map<string, object>();
const MAX_CACHED_MODULES = 16;

function moduleFor(api: WasmApi, plan: KernelPlan): object {
  const key = `${plan.height}:${plan.nTrees}:${plan.nFeatures}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const compiled = new api.Module(kernelModuleBytes(plan));
  if (modules.size >= MAX_CACHED_MODULES) modules.delete(modules.keys().next().value!);
  modules.set(key, compiled);
  return compiled;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Builds the wasm kernel for a compiled heap forest, or returns null where WebAssembly is not usable. */
export function compileWasmKernel(heap: HeapForest, nFeatures: number): WasmHeapKernel | null {
  const api = wasmApi;
  if (api === undefined || !littleEndian) return null;
  const plan = kernelPlan(heap.height, heap.nTrees, nFeatures);
  if (plan.totalBytes > MAX_MEMORY_BYTES) return null;
  let score: (startGroup: number) => void;
  let memory: { readonly buffer: ArrayBuffer };
  try {
    memory = new api.Memory({ initial: Math.ceil(plan.totalBytes / PAGE_BYTES) });
    const instance = new api.Instance(moduleFor(api, plan), { env: { memory } });
    const exported = instance.exports['score'];
    if (typeof exported !== 'function') return null;
    score = exported as (startGroup: number) => void;
  } catch {
    return null; // e.g. WebAssembly (SIMD) disabled by a content security policy, or out of memory
  }
  const H = heap.height;
  const nInternal = (1 << H) - 1;
  const nLeaves = 1 << H;
  const B = plan.blockRows;
  const f64 = new Float64Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  for (let t = 0; t < heap.nTrees; t++) {
    const rec = (t * plan.treeBytes) / 8; // f64 index of the tree's first record
    for (let i = 0; i < nInternal; i++) {
      f64[rec + 2 * i] = heap.threshold[t * nInternal + i]!;
      i32[2 * (rec + 2 * i) + 2] = heap.feature[t * nInternal + i]! * B * 8;
    }
    f64.set(heap.pathLength.subarray(t * nLeaves, (t + 1) * nLeaves), rec + 2 * nInternal);
  }
  const d = nFeatures;
  const stage = new Float64Array(memory.buffer, plan.stage, B * d);
  const sums = new Float64Array(memory.buffer, plan.sums, B);
  return {
    pathLengthSums(data: Float64Array, out: Float64Array): void {
      const nRows = out.length;
      for (let r0 = 0; r0 < nRows; r0 += B) {
        // A partial block takes the last m rows; the rows before it, down to a group boundary,
        // are zeros that are scored and discarded.
        const m = Math.min(B, nRows - r0);
        const start = B - m;
        const first = start - (start % GROUP);
        if (first < start) stage.fill(0, first * d, start * d);
        stage.set(data.subarray(r0 * d, (r0 + m) * d), start * d);
        sums.fill(0, first, B);
        score(first / GROUP);
        out.set(sums.subarray(start, B), r0);
      }
    },
  };
}
