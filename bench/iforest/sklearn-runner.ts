import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runScoringChild, type MatrixFile, type SeedTimings } from './child-run';
import { SAMPLING } from './ts-engines';

export interface SklearnRun extends SeedTimings {
  readonly versions: { sklearn: string; numpy: string; python: string };
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

/** Runs sklearn_iforest.py on the matrix for each seed, with the same sampling protocol as the TS engines. */
export function runSklearn(python: string, repoRoot: string, matrix: MatrixFile, seeds: readonly number[]): SklearnRun {
  const script = path.join(repoRoot, 'bench', 'iforest', 'sklearn_iforest.py');
  const args = [script, matrix.path, String(matrix.nRows), String(matrix.nFeatures), seeds.join(','), JSON.stringify(SAMPLING)];
  const { json, scores } = runScoringChild(python, args, seeds, { label: `sklearn run on ${path.basename(matrix.path)}`, env: { ...process.env, ...SINGLE_THREAD_ENV } });
  return { ...(json as Omit<SklearnRun, 'scores'>), scores };
}
