/**
 * Isolation Forest benchmark: authwatch engine vs scikit-learn vs ml-isolation-forest on the
 * public ODDS/ADBench sets in ../shared/datasets/outlier. Run: npx tsx bench/iforest.bench.ts
 * Exits 1 if any dataset's AUC is more than 0.02 below scikit-learn's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rocAuc } from '@authwatch/isolation-forest';
import { listDatasets, loadDataset } from './iforest/dataset';
import { AUC_TOLERANCE, aucOk, machineInfo, markdownTables, mean, ML_SPEEDUP_TARGET, SKLEARN_SPEEDUP_TARGET, type DatasetResult } from './iforest/report';
import { ensureVenv, runSklearn, type SklearnRun } from './iforest/sklearn-runner';
import { MAX_SAMPLING_SECONDS, ML_TRAIN_CAP, runMl, runOurs, SAMPLE_SECONDS, SAMPLES, toRows, WARMUP_ROWS, WARMUP_SECONDS } from './iforest/ts-engines';

const SEEDS = [1, 2, 3, 4, 5];
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasetDir = path.resolve(repoRoot, '..', 'shared', 'datasets', 'outlier');

function main(): void {
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const python = ensureVenv(repoRoot);
  const results: DatasetResult[] = [];
  const kernels = new Set<string>();
  let versions: SklearnRun['versions'] | null = null;
  for (const file of listDatasets(datasetDir)) {
    const ds = loadDataset(file);
    process.stdout.write(`${ds.name} (${ds.nRows} × ${ds.nFeatures}): authwatch`);
    const ours = SEEDS.map((s) => runOurs(ds, s));
    for (const r of ours) kernels.add(r.kernel ?? '?');
    process.stdout.write(', scikit-learn');
    const sk = runSklearn(python, repoRoot, ds, SEEDS);
    versions = sk.versions;
    process.stdout.write(', ml-isolation-forest');
    const rows = toRows(ds);
    const ml = SEEDS.map((s) => runMl(ds, rows, s));
    const result: DatasetResult = {
      name: ds.name,
      nRows: ds.nRows,
      nFeatures: ds.nFeatures,
      nAnomalies: ds.nAnomalies,
      auc: { ours: ours.map((r) => rocAuc(r.scores, ds.labels)), sklearn: sk.scores.map((s) => rocAuc(s, ds.labels)), ml: ml.map((r) => rocAuc(r.scores, ds.labels)) },
      fitSeconds: { ours: ours.map((r) => r.fitSeconds), sklearn: sk.fitSeconds, ml: ml.map((r) => r.fitSeconds) },
      throughput: { ours: ours.map((r) => ds.nRows / r.scoreCpuSeconds), sklearn: sk.scoreCpuSeconds.map((s) => ds.nRows / s), ml: ml.map((r) => ds.nRows / r.scoreCpuSeconds) },
      wallThroughput: { ours: ours.map((r) => ds.nRows / r.scoreSeconds), sklearn: sk.scoreSeconds.map((s) => ds.nRows / s), ml: ml.map((r) => ds.nRows / r.scoreSeconds) },
      mlTrainRows: Math.min(ds.nRows, ML_TRAIN_CAP),
    };
    results.push(result);
    console.log(` — AUC ${mean(result.auc.ours).toFixed(3)} vs sklearn ${mean(result.auc.sklearn).toFixed(3)}`);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const loadAfter = os.loadavg()[0]!;
  const tables = markdownTables(results, SEEDS.length);
  const failed = results.filter((r) => !aucOk(r));
  const speedMisses = results
    .filter((r) => mean(r.throughput.ours) < SKLEARN_SPEEDUP_TARGET * mean(r.throughput.sklearn) || mean(r.throughput.ours) < ML_SPEEDUP_TARGET * mean(r.throughput.ml))
    .map((r) => r.name);
  const doc = [
    '# Isolation Forest benchmark',
    '',
    `Command: \`npx tsx bench/iforest.bench.ts\` (from the repo root) · run ${started.toISOString()} · took ${elapsed.toFixed(0)} s`,
    '',
    machineInfo(versions),
    '',
    `Parameters for all engines: t = 100 trees, ψ = 256 (scikit-learn max_samples=256; ml-isolation-forest has no ψ), seeds ${SEEDS.join(', ')}; AUC from one rank-based (mid-rank ties) function in TypeScript for all engines; sklearn scores are −score_samples.`,
    '',
    `Throughput = rows scored per CPU second for "score all rows of the data set" (the same rows for every engine), measured on ONE core: every engine scores on a single thread (Node's main thread; sklearn n_jobs=1 with OMP/OpenBLAS/MKL threads = 1), engines run one after another, never concurrently (no process is pinned to a particular core). Same protocol for every engine and seed: warm-up ≥ ${WARMUP_SECONDS} s scoring the first ${WARMUP_ROWS} rows, then ${SAMPLES} timed samples (fewer only when one pass takes > ${MAX_SAMPLING_SECONDS} s), each repeating "score all rows" until ≥ ${SAMPLE_SECONDS} s; the per-seed figure is the median sample, the tables show the mean of those over seeds. The targets are judged on CPU time (process user + system time, which also charges Node's GC/compiler threads to the JS engines) because on this shared VM wall-clock time also counts the time a process waits for a core; wall-clock rates are listed too. Only the scoring call is timed: authwatch \`scoreBatch(Float64Array)\` (kernel used: ${[...kernels].join(', ')}), sklearn \`score_samples(X)\` in-process (includes its own float64→float32 input conversion), ml-isolation-forest \`predict(number[][])\` (its input type, prepared once outside the timing). 1-min load average: ${loadBefore.toFixed(1)} at start, ${loadAfter.toFixed(1)} at end (other jobs share this 2-core VM, so all engines were slowed alike but not necessarily equally).`,
    '',
    tables,
    '',
    failed.length === 0 ? `All datasets meet the AUC target (within ${AUC_TOLERANCE} of scikit-learn).` : `AUC target missed on: ${failed.map((r) => r.name).join(', ')}.`,
    '',
    speedMisses.length === 0
      ? `All datasets meet the throughput targets (≥ ${SKLEARN_SPEEDUP_TARGET}× sklearn and ≥ ${ML_SPEEDUP_TARGET}× ml-isolation-forest).`
      : `Throughput target (≥ ${SKLEARN_SPEEDUP_TARGET}× sklearn and ≥ ${ML_SPEEDUP_TARGET}× ml-isolation-forest) missed on: ${speedMisses.join(', ')}. Timings on this shared 2-core VM vary by ±25 % between runs. Only the AUC target makes the bench exit non-zero.`,
    '',
    'Notes on the scoring kernel: authwatch scores standard forests with a WebAssembly kernel (libs/isolation-forest/src/wasm-kernel.ts; bit-identical to the plain pointer walk, which the unit tests assert): ' +
      'trees compiled to implicit complete binary trees of 16-byte records, traversed tree-major over blocks of rows, eight rows interleaved, every path exactly ⌈log2 ψ⌉ = 8 steps. ' +
      'Its cost is ~800 load→compare steps per row whatever the data, so it runs at ~1.2–1.4 M rows/CPU-s on narrow data. Known limit: on wide data (arrhythmia, 274 features = 2.2 KB per row) the feature loads miss L1 and it drops to ~0.9–1.0 M rows/CPU-s, ' +
      'while ml-isolation-forest is at its fastest there (its trees are grown on all 452 rows and split on uniformly random columns, including the 17 constant ones), so the 20× target is not met on that set.',
    '',
  ].join('\n');
  console.log(`\n${tables}\n`);
  mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'bench', 'results', 'iforest.md'), doc);
  if (failed.length > 0) {
    console.error(`AUC target MISSED (more than ${AUC_TOLERANCE} below scikit-learn) on: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log(`AUC target met on all ${results.length} datasets. Wrote bench/results/iforest.md (${elapsed.toFixed(0)} s).`);
  }
}

main();
