import path from 'node:path';
import { runScoringChild, type MatrixFile, type SeedTimings } from './child-run';

export interface IsolatedRun extends SeedTimings {
  readonly scores: Float64Array[];
  /** authwatch only: the scoring kernel that was timed. */
  readonly kernel: string | null;
}

/** Runs one TS engine in its own Node process (ts-engine-process.ts) and reads its results back. */
export function runIsolated(engine: 'ours' | 'ml', repoRoot: string, matrix: MatrixFile, seeds: readonly number[]): IsolatedRun {
  const entry = path.join(repoRoot, 'bench', 'iforest', 'ts-engine-process.ts');
  const args = ['--import', 'tsx', entry, engine, matrix.path, String(matrix.nRows), String(matrix.nFeatures), seeds.join(',')];
  const { json, scores } = runScoringChild(process.execPath, args, seeds, { label: `${engine} run on ${path.basename(matrix.path)}`, cwd: repoRoot });
  return { ...(json as Omit<IsolatedRun, 'scores'>), scores };
}
