/**
 * Isolation Forest benchmark: authwatch engine vs scikit-learn vs ml-isolation-forest on the
 * public ODDS/ADBench sets in ../shared/datasets/outlier. Run: npm run bench:iforest
 * (= npx tsx bench/iforest.bench.ts). Exits 1 if any dataset's AUC is more than 0.02 below scikit-learn's.
 * While iterating: `npm run bench:iforest -- --datasets arrhythmia,breastw --seeds 1,2` runs a subset
 * and only prints the tables (bench/results/iforest.md is written by full runs only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rocAuc } from '@authwatch/isolation-forest';
import { withTempDir, writeMatrixFile } from './iforest/child-run';
import { datasetName, listDatasets, loadDataset } from './iforest/dataset';
import { AUC_TOLERANCE, aucOk, machineInfo, markdownTables, mean, ML_SPEEDUP_TARGET, SKLEARN_SPEEDUP_TARGET, type DatasetResult } from './iforest/report';
import { ensureVenv, runSklearn, type SklearnRun } from './iforest/sklearn-runner';
import { runIsolated } from './iforest/ts-engine-runner';
import { ML_TRAIN_CAP, SAMPLING } from './iforest/ts-engines';

const ALL_SEEDS = [1, 2, 3, 4, 5];

const { values } = parseArgs({ options: { datasets: { type: 'string' }, seeds: { type: 'string' } } });
const onlyDatasets = values.datasets?.split(',');
const SEEDS = values.seeds?.split(',').map(Number) ?? ALL_SEEDS;
const partial = onlyDatasets !== undefined || SEEDS.join() !== ALL_SEEDS.join();
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
  const files = listDatasets(datasetDir).filter((f) => onlyDatasets === undefined || onlyDatasets.includes(datasetName(f)));
  if (files.length === 0) throw new Error(`no dataset matches --datasets ${onlyDatasets?.join(',')}`);
  for (const file of files) {
    const ds = loadDataset(file);
    process.stdout.write(`${ds.name} (${ds.nRows} × ${ds.nFeatures}): authwatch`);
    // Each engine runs in its own fresh process (sklearn in Python, the two TS engines in Node),
    // all reading the matrix written here once.
    const { ours, sk, ml } = withTempDir((dir) => {
      const matrix = writeMatrixFile(path.join(dir, `${ds.name}.bin`), ds);
      const ours = runIsolated('ours', repoRoot, matrix, SEEDS);
      process.stdout.write(', scikit-learn');
      const sk = runSklearn(python, repoRoot, matrix, SEEDS);
      process.stdout.write(', ml-isolation-forest');
      const ml = runIsolated('ml', repoRoot, matrix, SEEDS);
      return { ours, sk, ml };
    });
    kernels.add(ours.kernel ?? '?');
    versions = sk.versions;
    const perSecond = (seconds: readonly number[]) => seconds.map((s) => ds.nRows / s);
    const result: DatasetResult = {
      name: ds.name,
      nRows: ds.nRows,
      nFeatures: ds.nFeatures,
      nAnomalies: ds.nAnomalies,
      auc: { ours: ours.scores.map((s) => rocAuc(s, ds.labels)), sklearn: sk.scores.map((s) => rocAuc(s, ds.labels)), ml: ml.scores.map((s) => rocAuc(s, ds.labels)) },
      fitSeconds: { ours: ours.fitSeconds, sklearn: sk.fitSeconds, ml: ml.fitSeconds },
      throughput: { ours: perSecond(ours.scoreCpuSeconds), sklearn: perSecond(sk.scoreCpuSeconds), ml: perSecond(ml.scoreCpuSeconds) },
      wallThroughput: { ours: perSecond(ours.scoreSeconds), sklearn: perSecond(sk.scoreSeconds), ml: perSecond(ml.scoreSeconds) },
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
    `Throughput = rows scored per CPU second for "score all rows of the data set" (the same rows for every engine), measured on ONE core: every engine scores on a single thread (Node's main thread; sklearn n_jobs=1 with OMP/OpenBLAS/MKL threads = 1), engines run one after another, never concurrently, each in its own fresh process (no process is pinned to a particular core; in one shared Node process both TS engines measured 10–20 % slower on arrhythmia, depending on what ran before). Same protocol for every engine and seed: warm-up ≥ ${SAMPLING.warmupSeconds} s scoring the first ${SAMPLING.warmupRows} rows, then ${SAMPLING.samples} timed samples (fewer only when one pass takes > ${SAMPLING.maxSamplingSeconds} s), each repeating "score all rows" until ≥ ${SAMPLING.sampleSeconds} s; the per-seed figure is the fastest sample by CPU time (as in Python's timeit: other jobs on this shared VM only ever slow a sample down), the tables show the mean of those over seeds. The targets are judged on CPU time (process user + system time, which also charges Node's GC/compiler threads to the JS engines) because on this shared VM wall-clock time also counts the time a process waits for a core; wall-clock rates are listed too. Only the scoring call is timed: authwatch \`scoreBatch(Float64Array)\` (kernel used: ${[...kernels].join(', ')}), sklearn \`score_samples(X)\` in-process (includes its own float64→float32 input conversion), ml-isolation-forest \`predict(number[][])\` (its input type, prepared once outside the timing). 1-min load average: ${loadBefore.toFixed(1)} at start, ${loadAfter.toFixed(1)} at end (other jobs share this 2-core VM, so all engines were slowed alike but not necessarily equally).`,
    '',
    tables,
    '',
    failed.length === 0 ? `All datasets meet the AUC target (within ${AUC_TOLERANCE} of scikit-learn).` : `AUC target missed on: ${failed.map((r) => r.name).join(', ')}.`,
    '',
    speedMisses.length === 0
      ? `All datasets meet the throughput targets (≥ ${SKLEARN_SPEEDUP_TARGET}× sklearn and ≥ ${ML_SPEEDUP_TARGET}× ml-isolation-forest).`
      : `Throughput target (≥ ${SKLEARN_SPEEDUP_TARGET}× sklearn and ≥ ${ML_SPEEDUP_TARGET}× ml-isolation-forest) missed on: ${speedMisses.join(', ')}. Single runs on this shared 2-core VM still differ by up to ~15 % in ratio (ml-isolation-forest on arrhythmia: 56–90 k rows/s in five runs of 2026-11-23). Only the AUC target makes the bench exit non-zero.`,
    '',
    'Notes on the scoring kernel: authwatch scores standard forests with a WebAssembly SIMD kernel (libs/isolation-forest/src/wasm-kernel.ts; bit-identical to the plain pointer walk, which the unit tests assert): ' +
      'trees compiled to implicit complete binary trees (every path exactly ⌈log2 ψ⌉ = 8 steps); rows copied into wasm memory in blocks of ≤ 64, transposed there to column-major order and traversed one tree level at a time over the whole block (the first two levels two rows per f64x2 compare). ' +
      'Its cost is ~800 node visits per row (~470–500 ns on every set) plus copying the row into wasm memory and transposing it. Known limit: on wide data (arrhythmia, 274 features = 2.2 KB per row) the copy and the transposition add ~125 ns per row, ' +
      `so it is slowest there, while ml-isolation-forest is at its fastest there (its trees are grown on all 452 rows): the ratio there is the closest to the 20× target${speedMisses.includes('arrhythmia') ? ' and falls short of it in this run' : ''}, and it moves by up to 15 % between runs (18.1–20.7× over five runs of 2026-11-23, short of 20× in three). Where the kernel's time goes, and the variants measured against it: libs/isolation-forest/README.md.`,
    '',
  ].join('\n');
  console.log(`\n${tables}\n`);
  if (speedMisses.length > 0) console.log(`Throughput target missed on: ${speedMisses.join(', ')}`);
  if (partial) {
    console.log('Partial run (--datasets/--seeds): bench/results/iforest.md not written.');
  } else {
    mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'bench', 'results', 'iforest.md'), doc);
  }
  if (failed.length > 0) {
    console.error(`AUC target MISSED (more than ${AUC_TOLERANCE} below scikit-learn) on: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log(`AUC target met on all ${results.length} datasets${partial ? '' : `. Wrote bench/results/iforest.md`} (${elapsed.toFixed(0)} s).`);
  }
}

main();
