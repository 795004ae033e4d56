/**
 * Child-process entry: runs ONE TypeScript engine (authwatch or ml-isolation-forest) on one data
 * set for the given seeds in a fresh Node process, so neither engine's speed depends on the heap
 * and JIT state the other left behind (measured: both ran 10–20 % slower on arrhythmia when they
 * shared a process). Writes each seed's scores to `<prefix>.<seed>.bin` and prints one JSON line.
 * Usage: node --import tsx bench/iforest/ts-engine-process.ts <ours|ml> <dataset.csv.gz> <seeds> <prefix>
 */
import { writeFileSync } from 'node:fs';
import { loadDataset } from './dataset';
import { runMl, runOurs, toRows, type EngineRun } from './ts-engines';

const [engine, file, seedList, prefix] = process.argv.slice(2);
if ((engine !== 'ours' && engine !== 'ml') || !file || !seedList || !prefix) {
  console.error('usage: ts-engine-process.ts <ours|ml> <dataset.csv.gz> <seeds> <prefix>');
  process.exit(2);
}
const ds = loadDataset(file);
const seeds = seedList.split(',').map(Number);
const rows = engine === 'ml' ? toRows(ds) : null;
const runs: EngineRun[] = seeds.map((seed) => (rows === null ? runOurs(ds, seed) : runMl(ds, rows, seed)));
runs.forEach((r, i) => writeFileSync(`${prefix}.${seeds[i]}.bin`, new Uint8Array(r.scores.buffer, r.scores.byteOffset, r.scores.byteLength)));
console.log(
  JSON.stringify({
    fitSeconds: runs.map((r) => r.fitSeconds),
    scoreSeconds: runs.map((r) => r.scoreSeconds),
    scoreCpuSeconds: runs.map((r) => r.scoreCpuSeconds),
    kernel: runs[0]?.kernel ?? null,
  }),
);
