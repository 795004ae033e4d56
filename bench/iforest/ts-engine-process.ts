/**
 * Child-process entry: runs ONE TypeScript engine (authwatch or ml-isolation-forest) on one data
 * set for the given seeds in a fresh Node process, so neither engine's speed depends on the heap
 * and JIT state the other left behind (measured: both ran 10–20 % slower on arrhythmia when they
 * shared a process). Reads the data set's row-major float64 matrix written by the bench, writes each
 * seed's scores to `<prefix>.<seed>.bin` and prints one JSON line.
 * Usage: node --import tsx bench/iforest/ts-engine-process.ts <ours|ml> <matrix.bin> <nRows> <nFeatures> <seeds> <prefix>
 */
import { readMatrixFile, writeFloat64File, type SeedTimings } from './child-run';
import { runMl, runOurs, toRows, type EngineRun } from './ts-engines';

const [engine, file, nRows, nFeatures, seedList, prefix] = process.argv.slice(2);
if ((engine !== 'ours' && engine !== 'ml') || !file || !nRows || !nFeatures || !seedList || !prefix) {
  console.error('usage: ts-engine-process.ts <ours|ml> <matrix.bin> <nRows> <nFeatures> <seeds> <prefix>');
  process.exit(2);
}
const ds = readMatrixFile({ path: file, nRows: Number(nRows), nFeatures: Number(nFeatures) });
const seeds = seedList.split(',').map(Number);
const rows = engine === 'ml' ? toRows(ds) : null;
const runs: EngineRun[] = seeds.map((seed) => (rows === null ? runOurs(ds, seed) : runMl(ds, rows, seed)));
runs.forEach((r, i) => writeFloat64File(`${prefix}.${seeds[i]}.bin`, r.scores));
const timings: SeedTimings = {
  fitSeconds: runs.map((r) => r.fitSeconds),
  scoreSeconds: runs.map((r) => r.scoreSeconds),
  scoreCpuSeconds: runs.map((r) => r.scoreCpuSeconds),
};
console.log(JSON.stringify({ ...timings, kernel: runs[0]?.kernel ?? null }));
