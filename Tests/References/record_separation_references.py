#!/usr/bin/env python3
"""Records independent separation certificates into Tests/References/Checks/separation_lp.json.

Run from the repository root:  python3 Tests/References/record_separation_references.py
For each data set, Konis' linear program (see Sources/HessianLinearProgramming/Separation.swift)

    maximize 1ᵀAβ  subject to  Aβ ≥ 0,  −1 ≤ βⱼ ≤ 1

is solved here by scipy.optimize.linprog (HiGHS), on the same constraint rows the Swift code
builds: design [1 | X] with columns scaled to unit max-norm; logistic rows (2yᵢ − 1)xᵢ;
multinomial with the first class (sorted labels) as reference, one row per observation and
other class k, xᵢ in block yᵢ and −xᵢ in block k. The optimum is 0 exactly when the
maximum-likelihood estimate exists; `separable` is optimum > 1e-9·Σᵢ‖aᵢ‖₁ and, when separable,
scipy's β is checked here to satisfy Aβ ≥ −1e-9 (a certificate). Tests/HessianLinearProgrammingTests/
SeparationTests.swift compares the Swift LP optimum with `optimum` and Tests/CLITests checks
that fit exits 4 (separable) or fits (not separable).
"""
import io
import os

import numpy as np
import pandas as pd
import scipy
from scipy.optimize import linprog

from reference_io import REF, ROOT, write_json

OUT = os.path.join(REF, "Checks", "separation_lp.json")


def sorted_labels(column):
    values = list(column)
    try:
        numeric = [float(v) for v in values]
        order = sorted(set(numeric))
        return [order.index(v) for v in numeric], len(order)
    except ValueError:
        order = sorted(set(map(str, values)), key=lambda s: s.encode())
        return [order.index(str(v)) for v in values], len(order)


def rows(X, codes, classes):
    Z = np.column_stack([np.ones(len(X)), X])
    Z = Z / np.where(np.abs(Z).max(axis=0) > 0, np.abs(Z).max(axis=0), 1)
    n, p = Z.shape
    if classes == 2:
        return np.array([Z[i] if codes[i] == 1 else -Z[i] for i in range(n)])
    A = []
    for i in range(n):
        for k in range(classes):
            if k == codes[i]:
                continue
            r = np.zeros(p * (classes - 1))
            if codes[i] > 0:
                r[(codes[i] - 1) * p:codes[i] * p] += Z[i]
            if k > 0:
                r[(k - 1) * p:k * p] -= Z[i]
            A.append(r)
    return np.array(A)


def konis(A):
    res = linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(len(A)), bounds=[(-1, 1)] * A.shape[1], method="highs")
    assert res.status == 0, res.message
    return -res.fun, res.x


def case(name, model, frame, target, features, source):
    codes, classes = sorted_labels(frame[target])
    assert (classes == 2) == (model == "logistic")
    A = rows(frame[features].to_numpy(dtype=float), codes, classes)
    optimum, beta = konis(A)
    bound = np.abs(A).sum()
    separable = bool(optimum > 1e-9 * bound)
    if separable:
        assert (A @ beta).min() >= -1e-9, name
    print(f"{name}: optimum {optimum:.6g} ({'separable' if separable else 'not separable'})")
    return {"name": name, "model": model, "target": target, "features": features, **source,
            "optimum": float(optimum), "bound": float(bound), "separable": separable}


def inline(name, model, csv, features):
    frame = pd.read_csv(io.StringIO(csv), dtype={"y": str})
    return case(name, model, frame, "y", features, {"csv": csv})


def dataset(name, model, file, target, features):
    frame = pd.read_csv(os.path.join(ROOT, file))
    return case(name, model, frame, target, features, {"dataset": file})


def quasi_multinomial():
    # Classes p, q overlap everywhere; r is exactly the rows with a > 7, plus a p and an r tied
    # at a = 7: quasi-complete separation of r. b is a real effect on p vs q.
    rng = np.random.default_rng(7)
    n = 60
    a = np.round(rng.uniform(0, 10, n), 2)
    b = np.round(rng.standard_normal(n), 3)
    pq = np.where(rng.random(n) < 1 / (1 + np.exp(-2 * b)), 1, 0)
    y = np.where(a > 7, 2, pq)
    a[0], y[0], a[1], y[1] = 7.0, 2, 7.0, 0
    names = np.array(["p", "q", "r"])
    return "a,b,y\n" + "".join(f"{float(a[i])!r},{float(b[i])!r},{names[y[i]]}\n" for i in range(n))


def main():
    cases = [
        inline("logistic complete", "logistic", "a,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n", ["a"]),
        inline("logistic quasi-complete", "logistic", "a,y\n1,0\n2,0\n3,1\n3,0\n4,1\n5,1\n", ["a"]),
        inline("logistic overlap", "logistic", "a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n7,1\n", ["a"]),
        inline("logistic quasi-complete in two features", "logistic",
               "a,b,y\n0,0,0\n1,0,0\n0,1,0\n1,1,1\n1,1,0\n2,1,1\n1,2,1\n2,2,1\n0,2,1\n2,0,1\n", ["a", "b"]),
        dataset("breast cancer, all features", "logistic", "Datasets/breast_cancer.csv", "diagnosis",
                [c for c in pd.read_csv(os.path.join(ROOT, "Datasets/breast_cancer.csv")).columns if c != "diagnosis"]),
        dataset("breast cancer, two features", "logistic", "Datasets/breast_cancer.csv", "diagnosis",
                ["mean_radius", "mean_texture"]),
        inline("multinomial complete", "multinomial", "a,y\n1,p\n2,p\n3,q\n4,q\n5,r\n6,r\n", ["a"]),
        inline("multinomial quasi-complete", "multinomial", quasi_multinomial(), ["a", "b"]),
        inline("multinomial overlap", "multinomial", "a,y\n1,p\n2,q\n3,r\n4,p\n5,q\n6,r\n7,p\n8,r\n9,q\n3,q\n", ["a"]),
        dataset("iris, all features", "multinomial", "Datasets/iris.csv", "species",
                ["sepal_length", "sepal_width", "petal_length", "petal_width"]),
        dataset("iris, sepal features", "multinomial", "Datasets/iris.csv", "species", ["sepal_length", "sepal_width"]),
        dataset("wine, two features", "multinomial", "Datasets/wine.csv", "cultivar", ["alcohol", "malic_acid"]),
        dataset("wine, all features", "multinomial", "Datasets/wine.csv", "cultivar",
                [c for c in pd.read_csv(os.path.join(ROOT, "Datasets/wine.csv")).columns if c != "cultivar"]),
    ]
    write_json(OUT, {"scipy": scipy.__version__, "cases": cases})


if __name__ == "__main__":
    main()
