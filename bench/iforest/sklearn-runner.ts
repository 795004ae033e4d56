import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dataset } from './dataset';

export interface SklearnRun {
  readonly versions: { sklearn: string; numpy: string; python: string };
  readonly fitSeconds: number[];
  /** Wall-clock and CPU seconds per "score all rows" pass (fastest sample), per seed. */
  readonly scoreSeconds: number[];
  readonly scoreCpuSeconds: number[];
  /** One score array per seed (higher = more anomalous). */
  readonly scores: Float64Array[];
}

/** One core for BLAS/OpenMP too, so the comparison with single-threaded Node is fair. */
const SINGLE_THREAD_ENV = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', VECLIB_MAXIMUM_THREADS: '1', NUMEXPR_NUM_THREADS: '1' };

/** Creates .cache/iforest-venv with the pinned requirements if it is missing; returns its python. */
export function ensureVenv(repoRoot: string): string {
  const venv = path.join(repoRoot, '.cache', 'iforest-venv');
  const python = path.join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    console.log(`creating ${venv} (scikit-learn reference)…`);
    run('python3', ['-m', 'venv', venv]);
  }
  const probe = spawnSync(python, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) run(python, ['-m', 'pip', 'install', '-q', '-r', path.join(repoRoot, 'bench', 'iforest', 'requirements.txt')]);
  return python;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}`);
}

export function runSklearn(python: string, repoRoot: string, ds: Dataset, seeds: readonly number[]): SklearnRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'iforest-bench-'));
  try {
    const input = path.join(dir, 'x.bin');
    writeFileSync(input, new Uint8Array(ds.data.buffer, ds.data.byteOffset, ds.data.byteLength));
    const prefix = path.join(dir, 'scores');
    const script = path.join(repoRoot, 'bench', 'iforest', 'sklearn_iforest.py');
    const r = spawnSync(python, [script, input, String(ds.nRows), String(ds.nFeatures), seeds.join(','), prefix], {
      encoding: 'utf8',
      env: { ...process.env, ...SINGLE_THREAD_ENV },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`sklearn run failed on ${ds.name}: ${r.stderr}`);
    const lastLine = r.stdout.trim().split('\n').pop()!;
    const out = JSON.parse(lastLine) as { sklearn: string; numpy: string; python: string; fit_s: number[]; score_s: number[]; score_cpu_s: number[] };
    const scores = seeds.map((s) => {
      const buf = readFileSync(`${prefix}.${s}.bin`);
      return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    });
    return { versions: { sklearn: out.sklearn, numpy: out.numpy, python: out.python }, fitSeconds: out.fit_s, scoreSeconds: out.score_s, scoreCpuSeconds: out.score_cpu_s, scores };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
