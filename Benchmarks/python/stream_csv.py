"""Writes the two CSV files the streamed-fit measurements use (issue 14) into Benchmarks/data/stream/:
logistic.csv (200,000 × 100 + y, ≈170 MB, the same rows as data/full/logistic.csv) and
least_squares.csv (500,000 × 200 + y, ≈850 MB), from the generators and seeds of datasets.py.
Written in row blocks so the script itself needs little memory for the text."""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from datasets import gen_least_squares, gen_logistic  # noqa: E402

out = Path(__file__).resolve().parent.parent / "data" / "stream"
out.mkdir(parents=True, exist_ok=True)


def write(path, X, y, integer_y):
    d = X.shape[1]
    with open(path, "w") as f:
        f.write(",".join([f"x{j + 1}" for j in range(d)] + ["y"]) + "\n")
        for r0 in range(0, X.shape[0], 20_000):
            block = np.column_stack([X[r0:r0 + 20_000], y[r0:r0 + 20_000]])
            fmt = ",".join(["%.5f"] * d + ["%d" if integer_y else "%.5f"])
            np.savetxt(f, block, fmt=fmt)


if not (out / "logistic.csv").exists():
    X, y = gen_logistic(np.random.default_rng(20261121), 200_000, 100)
    write(out / "logistic.csv", X, y, True)
    del X, y
if not (out / "least_squares.csv").exists():
    X, y = gen_least_squares(np.random.default_rng(20261123), 500_000, 200)
    write(out / "least_squares.csv", X, y, False)
print(out)
