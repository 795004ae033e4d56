"""scikit-learn IsolationForest reference run for bench/iforest.bench.ts.

Reads a row-major float64 matrix (raw little-endian) written by the TS bench, trains on all rows,
scores all rows with score_samples for each seed, writes the scores (float64, negated so that
higher = more anomalous) next to the input and prints one JSON line with timings.
Single core: n_jobs=1, and the bench sets OMP/MKL/OpenBLAS thread counts to 1.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest


def main() -> None:
    data_path, n_rows, n_features, seeds, out_prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    X = np.fromfile(data_path, dtype="<f8").reshape(n_rows, n_features)
    fit_s, score_s = [], []
    for seed in (int(s) for s in seeds.split(",")):
        model = IsolationForest(n_estimators=100, max_samples=256, random_state=seed, n_jobs=1)
        t0 = time.perf_counter()
        model.fit(X)
        t1 = time.perf_counter()
        scores = -model.score_samples(X)
        reps = 1
        # Small sets score in milliseconds: repeat until >= 0.25 s, as the TS side does.
        while time.perf_counter() - t1 < 0.25:
            model.score_samples(X)
            reps += 1
        t2 = time.perf_counter()
        fit_s.append(t1 - t0)
        score_s.append((t2 - t1) / reps)
        scores.astype("<f8").tofile(f"{out_prefix}.{seed}.bin")
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "fit_s": fit_s, "score_s": score_s}))


if __name__ == "__main__":
    main()
