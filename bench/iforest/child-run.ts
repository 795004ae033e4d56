/**
 * What the bench shares with its engine child processes (ts-engine-process.ts, sklearn_iforest.py):
 * raw little-endian float64 files (the data set's row-major matrix in, one score file per seed out)
 * in a temporary directory, and one JSON line on the child's stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Matrix } from './dataset';

/** Per-seed timings every engine reports (seconds, one entry per seed). */
export interface SeedTimings {
  readonly fitSeconds: number[];
  /** Wall-clock and CPU seconds per "score all rows" pass (fastest sample), per seed. */
  readonly scoreSeconds: number[];
  readonly scoreCpuSeconds: number[];
}

/** A row-major float64 matrix written to disk for the children: its path and shape. */
export interface MatrixFile {
  readonly path: string;
  readonly nRows: number;
  readonly nFeatures: number;
}

/** Runs fn with a fresh temporary directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'iforest-bench-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeFloat64File(file: string, values: Float64Array): void {
  writeFileSync(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** The file's float64 values: a view on the bytes read (a copy only if they are not 8-byte aligned). */
export function readFloat64File(file: string): Float64Array {
  const buf = readFileSync(file);
  if (buf.byteLength % 8 !== 0) throw new Error(`${file}: ${buf.byteLength} bytes is not a whole number of float64s`);
  return buf.byteOffset % 8 === 0
    ? new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8)
    : new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function writeMatrixFile(file: string, m: Matrix): MatrixFile {
  writeFloat64File(file, m.data);
  return { path: file, nRows: m.nRows, nFeatures: m.nFeatures };
}

export function readMatrixFile(f: MatrixFile): Matrix {
  const data = readFloat64File(f.path);
  if (data.length !== f.nRows * f.nFeatures) throw new Error(`${f.path}: ${data.length} values, expected ${f.nRows} × ${f.nFeatures}`);
  return { data, nRows: f.nRows, nFeatures: f.nFeatures };
}

export interface ChildRun {
  /** The last line the child printed, parsed as JSON. */
  readonly json: unknown;
  /** `<prefix>.<seed>.bin` for each seed, in seed order. */
  readonly scores: Float64Array[];
}

/**
 * Runs one engine child: `cmd ...args <prefix>` (the score-file prefix, in a temporary directory,
 * is always the last argument), checks its exit status, parses the last stdout line as JSON and
 * reads the scores the child wrote to `<prefix>.<seed>.bin` for each seed.
 */
export function runScoringChild(
  cmd: string,
  args: readonly string[],
  seeds: readonly number[],
  options: { readonly label: string; readonly cwd?: string; readonly env?: NodeJS.ProcessEnv },
): ChildRun {
  return withTempDir((dir) => {
    const prefix = path.join(dir, 'scores');
    const r = spawnSync(cmd, [...args, prefix], { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${options.label} failed (status ${r.status}): ${r.stderr}`);
    const json: unknown = JSON.parse(r.stdout.trim().split('\n').pop()!);
    return { json, scores: seeds.map((s) => readFloat64File(`${prefix}.${s}.bin`)) };
  });
}
