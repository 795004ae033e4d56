"""scikit-learn IsolationForest reference run for bench/iforest.bench.ts.

Reads a row-major float64 matrix (raw little-endian) written by the TS bench, trains on all rows,
scores all rows with score_samples for each seed (timing: warm-up, then the fastest of the timed
samples, by the sampling protocol the bench passes as JSON: SAMPLING in bench/iforest/ts-engines.ts),
writes the scores (float64, negated so that higher = more anomalous) to <prefix>.<seed>.bin and
prints one JSON line with the versions and per-seed timings.
Usage: sklearn_iforest.py <matrix.bin> <nRows> <nFeatures> <seeds> <sampling JSON> <prefix>
Single core: n_jobs=1, and the bench sets OMP/MKL/OpenBLAS thread counts to 1.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest


def main() -> None:
    data_path, n_rows, n_features, seeds, sampling, out_prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], json.loads(sys.argv[5]), sys.argv[6]
    warmup_rows, warmup_seconds = sampling["warmupRows"], sampling["warmupSeconds"]
    samples, sample_seconds, max_sampling_seconds = sampling["samples"], sampling["sampleSeconds"], sampling["maxSamplingSeconds"]
    X = np.fromfile(data_path, dtype="<f8").reshape(n_rows, n_features)
    fit_s, score_s, score_cpu_s = [], [], []
    for seed in (int(s) for s in seeds.split(",")):
        model = IsolationForest(n_estimators=100, max_samples=256, random_state=seed, n_jobs=1)
        t0 = time.perf_counter()
        model.fit(X)
        fit_s.append(time.perf_counter() - t0)
        # Same protocol as the TS engines (bench/iforest/ts-engines.ts): warm up on a slice, then
        # `samples` timed samples, each repeating score_samples(X) on all rows until >= sample_seconds;
        # the fastest sample (by CPU time) counts. Only score_samples is inside the timed region.
        warm_rows = X[:warmup_rows]
        w = time.perf_counter()
        while True:
            model.score_samples(warm_rows)
            if time.perf_counter() - w >= warmup_seconds:
                break
        # Wall-clock and CPU time (time.process_time: user + system of this process) per pass.
        wall, cpu = [], []
        started = time.perf_counter()
        raw = None
        while len(wall) < samples and (not wall or time.perf_counter() - started < max_sampling_seconds):
            t = time.perf_counter()
            c = time.process_time()
            reps = 0
            while True:
                raw = model.score_samples(X)
                reps += 1
                if time.perf_counter() - t >= sample_seconds:
                    break
            cpu.append((time.process_time() - c) / reps)
            wall.append((time.perf_counter() - t) / reps)
        best = cpu.index(min(cpu))
        score_s.append(wall[best])
        score_cpu_s.append(cpu[best])
        (-raw).astype("<f8").tofile(f"{out_prefix}.{seed}.bin")
    versions = {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    print(json.dumps({"versions": versions, "fitSeconds": fit_s, "scoreSeconds": score_s, "scoreCpuSeconds": score_cpu_s}))


if __name__ == "__main__":
    main()
