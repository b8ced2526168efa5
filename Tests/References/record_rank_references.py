#!/usr/bin/env python3
"""Records the rank references for fit's collinearity check into Tests/References/Checks/rank_scaled_features.json.

Run from the repository root:  python3 Tests/References/record_rank_references.py
Each case holds a small data set (columns as exact doubles), the design rank numpy reports for
[1 | X] with unit-norm columns (np.linalg.matrix_rank, SVD with its default tolerance
σ_max·max(M, N)·ε), and, for full-rank cases, numpy's lstsq coefficients [intercept, features…]
(lstsq of the unit-norm design, mapped back to user units), checked here to be accurate: the
normal-equation residual ‖Zᵀ(y − Zγ)‖ of the scaled design is at rounding level.
Tests/CLITests/RankTests.swift expects `fit --model least-squares` to agree: full-rank cases fit
(no "collinear"/"all zeros") with coefficients equal to numpy's within the recorded `tolerance`
(relative; 1e-8 unless the scaled design is ill-conditioned), rank-deficient ones exit 4 naming
the dependent columns recorded here.
"""
import os

import numpy as np

from reference_io import REF, write_json

OUT = os.path.join(REF, "Checks", "rank_scaled_features.json")


def case(name, columns, y, dependent=None):
    names = list(columns)
    X = np.column_stack([columns[c] for c in names])
    Z = np.column_stack([np.ones(len(y)), X])
    scaled = Z / np.linalg.norm(Z, axis=0)
    rank = int(np.linalg.matrix_rank(scaled))
    record = {"name": name, "columns": {c: [float(v) for v in columns[c]] for c in names}, "y": [float(v) for v in y],
              "order": names, "numpy_rank_scaled": rank, "parameters": Z.shape[1]}
    if dependent is None:
        assert rank == Z.shape[1], name
        # lstsq on the column-equilibrated design (the raw one has κ ≈ 10²⁴ from units alone),
        # mapped back to user units: β = γ / ‖zⱼ‖.
        s = np.linalg.norm(Z, axis=0)
        gamma, *_ = np.linalg.lstsq(scaled, y, rcond=None)
        beta = gamma / s
        residual = scaled.T @ (y - scaled @ gamma)
        assert np.max(np.abs(residual)) <= 1e-10 * np.linalg.norm(y), (name, residual)
        record["numpy_lstsq"] = [float(b) for b in beta]
        # fit solves the normal equations (Cholesky of the Hessian), which loses κ(Z)² ε where
        # QR loses κ(Z) ε: the agreement expected is 100 κ² ε, at least 1e-8.
        record["tolerance"] = max(1e-8, 100 * np.linalg.cond(scaled) ** 2 * np.finfo(float).eps)
    else:
        assert rank < Z.shape[1], name
        record["dependent"] = dependent
    return record


def main():
    rng = np.random.default_rng(20261201)
    n = 60
    z = rng.standard_normal((n, 4))
    noise = 0.1 * rng.standard_normal(n)
    cases = []
    a = 1e-13 * z[:, 0]
    cases.append(case("tiny feature", {"a": a, "b": z[:, 1]}, 1 + 3e13 * a - 2 * z[:, 1] + noise))
    a = 1e-12 * (1 + 0.1 * z[:, 0])
    cases.append(case("feature around 1e-12", {"a": a, "b": z[:, 1]}, 1 + 2e12 * a + z[:, 1] + noise))
    a, b = z[:, 0], z[:, 0] + 1e-5 * z[:, 1]
    cases.append(case("nearly collinear but estimable", {"a": a, "b": b}, 1 + a + 2 * b + noise))
    a = 5e12 + 1e12 * z[:, 0]
    cases.append(case("huge feature", {"a": a, "b": z[:, 1]}, 1 + 2e-12 * a + z[:, 1] + noise))
    a, b = 1e-12 * z[:, 0], 1e12 * z[:, 1]
    cases.append(case("tiny and huge features", {"a": a, "b": b, "c": z[:, 2]},
                      4 + 1e12 * a - 1e-12 * b + 0.5 * z[:, 2] + noise))
    a, b = 1e-12 * z[:, 0], 1e-12 * z[:, 1]
    cases.append(case("tiny collinear features", {"a": a, "b": b, "c": 2 * a - 3 * b, "d": z[:, 3]}, z[:, 2],
                      dependent=["a", "b", "c"]))
    cases.append(case("huge constant feature", {"a": z[:, 0], "k": np.full(n, 1e12)}, z[:, 2], dependent=["k", "intercept"]))
    write_json(OUT, {"numpy": np.__version__, "cases": cases})


if __name__ == "__main__":
    main()
