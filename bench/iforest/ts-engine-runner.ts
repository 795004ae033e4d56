import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface IsolatedRun {
  readonly fitSeconds: number[];
  /** Wall-clock and CPU seconds per "score all rows" pass (fastest sample), per seed. */
  readonly scoreSeconds: number[];
  readonly scoreCpuSeconds: number[];
  readonly scores: Float64Array[];
  /** authwatch only: the scoring kernel that was timed. */
  readonly kernel: string | null;
}

/** Runs one TS engine in its own Node process (ts-engine-process.ts) and reads its results back. */
export function runIsolated(engine: 'ours' | 'ml', repoRoot: string, datasetFile: string, seeds: readonly number[]): IsolatedRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'iforest-bench-'));
  try {
    const prefix = path.join(dir, 'scores');
    const entry = path.join(repoRoot, 'bench', 'iforest', 'ts-engine-process.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', entry, engine, datasetFile, seeds.join(','), prefix], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`${engine} run failed on ${path.basename(datasetFile)} (status ${r.status}): ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Omit<IsolatedRun, 'scores'>;
    const scores = seeds.map((s) => {
      const buf = readFileSync(`${prefix}.${s}.bin`);
      return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    });
    return { ...out, scores };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
