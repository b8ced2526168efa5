"""Deterministic benchmark data and tightly converged references, cached in data/<size>/.

Every array is a NumPy .npy file (format 1.0, little-endian float64 '<f8'); matrices are
written Fortran-order (column-major), so the Swift side reads vec(X) straight into its
Matrix storage. problems.json lists every problem with its files, λ, the reference
objective value and how tightly the reference was converged.

    python datasets.py --size full|quick     (generates only what is missing)
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from common import (DATA_ROOT, LeastSquaresObjective, LogisticObjective, MultinomialObjective,
                    PoissonObjective, PrecisionObjective, ReferenceMultinomialObjective, data_dir, pin_threads,
                    precision_closed_form)

_limits = pin_threads()
import numpy as np  # noqa: E402

FORMAT_VERSION = 4

SIZES = {
    "full": dict(logistic=(200_000, 100), poisson=(200_000, 100), multinomial=(50_000, 50, 10), least_squares=(500_000, 200),
                 precision=(200, 1000), precision_dense=30, csv_rows=200_000),
    "quick": dict(logistic=(20_000, 100), poisson=(20_000, 100), multinomial=(5_000, 50, 10), least_squares=(50_000, 200),
                  precision=(100, 200), precision_dense=12, csv_rows=20_000),
}

LAMBDA = 1.0


def log(*a):
    print("[data]", *a, file=sys.stderr, flush=True)


def save(path, a):
    a = np.asarray(a, dtype="<f8")
    np.save(path, np.asfortranarray(a) if a.ndim == 2 else a)


def standardize(X):
    """Columns to mean 0, standard deviation 1 (ddof = 0); constant columns keep scale 1
    (as scikit-learn's StandardScaler does), so they become exactly 0."""
    X = X - X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    X /= sd
    return X


# ----------------------------------------------------------------------------
# Problem generators
# ----------------------------------------------------------------------------

def correlated_gaussian(rng, n, d):
    """Rows N(0, AAᵀ) with A = I + 0.3·G/√d: mildly correlated features, well conditioned."""
    A = np.eye(d) + 0.3 * rng.standard_normal((d, d)) / np.sqrt(d)
    return standardize(rng.standard_normal((n, d)) @ A)


def gen_logistic(rng, n, d):
    X = correlated_gaussian(rng, n, d)
    w = rng.standard_normal(d) * (2.0 / np.sqrt(d))
    z = X @ w + 0.5
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-z))).astype(float)
    return X, y


def gen_poisson(rng, n, d):
    """Counts y ~ Poisson(exp(0.5 + Xw)), w with ‖w‖ ≈ 0.5, so μ mostly lies in [0.5, 5]."""
    X = correlated_gaussian(rng, n, d)
    w = rng.standard_normal(d) * (0.5 / np.sqrt(d))
    y = rng.poisson(np.exp(X @ w + 0.5)).astype(float)
    return X, y


def gen_multinomial(rng, n, d, m):
    X = correlated_gaussian(rng, n, d)
    W = rng.standard_normal((m, d)) * (1.5 / np.sqrt(d))
    b = 0.5 * rng.standard_normal(m)
    A = X @ W.T + b
    P = np.exp(A - A.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    u = rng.random(n)[:, None]
    labels = (P.cumsum(axis=1) < u).sum(axis=1)
    return X, np.minimum(labels, m - 1).astype(float)


def gen_least_squares(rng, n, d):
    X = correlated_gaussian(rng, n, d)
    w = rng.standard_normal(d)
    y = X @ w + 1.0 + rng.standard_normal(n)
    return X, y


def gen_covariance(rng, n):
    """Sample covariance of 5n draws from N(0, Σ), Σ with eigenvalues spread over [0.1, 10]."""
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    ev = np.logspace(-1, 1, n)
    L = Q * np.sqrt(ev)
    Z = rng.standard_normal((5 * n, n)) @ L.T
    Z -= Z.mean(axis=0)
    S = Z.T @ Z / Z.shape[0]
    return 0.5 * (S + S.T)


# ----------------------------------------------------------------------------
# References: Newton in float64 to ‖∇f‖∞ ≤ 1e-12 (or until rounding stops it)
# ----------------------------------------------------------------------------

def newton(obj, x0, hess, gtol=1e-12, max_iter=100, extra=None):
    """Damped Newton with Armijo backtracking. `extra` (a vector u, ‖u‖ = 1) adds uuᵀ to H for a
    direction f does not depend on (the common intercept shift of the multinomial), which keeps
    the step orthogonal to u because the gradient is. Stops at gtol or when rounding floors ‖∇f‖."""
    x = x0.copy()
    f, g = obj.value_grad(x)
    best = np.inf
    stall = 0
    it = 0
    for it in range(1, max_iter + 1):
        gn = np.max(np.abs(g))
        if gn <= gtol:
            break
        if gn >= best:
            stall += 1
            if stall >= 3:
                break
        best = min(best, gn)
        H = hess(x)
        if extra is not None:
            H = H + np.outer(extra, extra)
        c = np.linalg.cholesky(H)
        p = -np.linalg.solve(c.T, np.linalg.solve(c, g))
        a = 1.0
        while True:
            fn, gn_ = obj.value_grad(x + a * p)
            if fn <= f + 1e-4 * a * (g @ p) or a < 1e-10:
                break
            a *= 0.5
        if fn > f and a < 1e-10:
            # At the rounding floor a line search cannot decrease f; accept the full step once more.
            fn, gn_ = obj.value_grad(x + p)
            a = 1.0
        x = x + a * p
        f, g = fn, gn_
    return x, f, float(np.max(np.abs(g))), it


def ref_logistic(X, y, lam):
    obj = LogisticObjective(X, y, lam)
    return newton(obj, np.zeros(X.shape[1] + 1), obj.hess)


def ref_poisson(X, y, lam):
    obj = PoissonObjective(X, y, lam)
    x0 = np.zeros(X.shape[1] + 1)
    x0[0] = np.log(y.mean())
    t, f, gn, it = newton(obj, x0, obj.hess)
    # Near the optimum the Armijo test cannot see decreases below the rounding of f (≈ 3e5 here),
    # so the damped iteration can stall at ‖∇f‖∞ ≈ 1e-5; plain Newton steps finish the job.
    for _ in range(3):
        if gn <= 1e-11:
            break
        f_, g = obj.value_grad(t)
        t = t - np.linalg.solve(obj.hess(t), g)
        f, g = obj.value_grad(t)
        gn, it = float(np.max(np.abs(g))), it + 1
    return t, f, gn, it


def ref_multinomial(X, labels, m, lam, reference_class=False):
    d = X.shape[1]
    Xa = np.hstack([np.ones((X.shape[0], 1)), X])
    if reference_class:
        obj = ReferenceMultinomialObjective(X, labels, m, lam)
        return newton(obj, np.zeros((m - 1) * (d + 1)), lambda t: obj.hess(t, Xa))
    obj = MultinomialObjective(X, labels, m, lam)
    u = np.zeros(m * (d + 1))
    u[:m] = 1.0 / np.sqrt(m)
    return newton(obj, np.zeros(m * (d + 1)), lambda t: obj.hess(t, Xa), extra=u)


def ref_least_squares(X, y, lam):
    """Normal equations [1 X]ᵀ[1 X] + λ diag(0,1…1) by Cholesky, two steps of iterative refinement,
    and an independent QR solve of the augmented least-squares system to estimate the accuracy."""
    n, d = X.shape
    Xa = np.hstack([np.ones((n, 1)), X])
    D = np.full(d + 1, lam)
    D[0] = 0.0
    A = Xa.T @ Xa + np.diag(D)
    c = np.linalg.cholesky(A)
    rhs = Xa.T @ y
    t = np.linalg.solve(c.T, np.linalg.solve(c, rhs))
    for _ in range(2):
        r = Xa.T @ (y - Xa @ t) - D * t
        t = t + np.linalg.solve(c.T, np.linalg.solve(c, r))
    # QR of [Xa; √D] (augmented system): a second, independent estimate.
    Aug = np.vstack([Xa, np.diag(np.sqrt(D))])
    yb = np.concatenate([y, np.zeros(d + 1)])
    Qr, R = np.linalg.qr(Aug)
    t_qr = np.linalg.solve(R, Qr.T @ yb)
    del Qr, Aug
    spread = float(np.max(np.abs(t - t_qr)) / np.max(np.abs(t)))
    obj = LeastSquaresObjective(X, y, lam)
    g = obj.grad(t)
    return t, obj.value(t), float(np.max(np.abs(g))), spread


# ----------------------------------------------------------------------------

def add_poisson(out, cfg, add):
    """synthetic Poisson (λ = 1, for scikit-learn) and its unpenalized twin (for statsmodels GLM)."""
    n, d = cfg["poisson"]
    rng = np.random.default_rng(20261201)
    X, y = gen_poisson(rng, n, d)
    save(out / "poisson_X.npy", X)
    save(out / "poisson_y.npy", y)
    for lam, name, ref in [(LAMBDA, "synthetic_poisson", "poisson_ref.npy"), (0.0, "synthetic_poisson_mle", "poisson_mle_ref.npy")]:
        t, f, gn, it = ref_poisson(X, y, lam)
        save(out / ref, t)
        add(name, "poisson", dict(x="poisson_X.npy", y="poisson_y.npy", reference=ref), f, gn, it, n=n, d=d, l2=lam,
            description=f"synthetic Poisson regression (log link), {n}×{d}, standardized, λ = {lam:g}")


# ----------------------------------------------------------------------------

def ensure(size: str, force: bool = False) -> dict:
    out = data_dir(size)
    out.mkdir(parents=True, exist_ok=True)
    mpath = out / "problems.json"
    if mpath.exists() and not force:
        man = json.loads(mpath.read_text())
        files_ok = all((out / f).exists() for p in man["problems"] for f in p["files"].values())
        if man.get("version") == FORMAT_VERSION and files_ok:
            log(f"cached: {mpath}")
            return man
    cfg = SIZES[size]
    t_start = time.time()
    problems = []

    def add(name, kind, files, ref_obj, ref_gnorm, iters, **kw):
        problems.append(dict(name=name, kind=kind, files=files, reference_objective=ref_obj,
                             reference_gradient_norm=ref_gnorm, reference_iterations=iters, **kw))
        log(f"{name}: f* = {ref_obj:.15g}, ‖∇f*‖∞ = {ref_gnorm:.2e} ({iters} Newton iterations)")

    # breast_cancer (binary logistic), standardized
    from sklearn.datasets import load_breast_cancer, load_digits
    bc = load_breast_cancer()
    X = standardize(bc.data.astype(float))
    y = bc.target.astype(float)
    save(out / "breast_cancer_X.npy", X)
    save(out / "breast_cancer_y.npy", y)
    t, f, gn, it = ref_logistic(X, y, LAMBDA)
    save(out / "breast_cancer_ref.npy", t)
    add("breast_cancer", "logistic", dict(x="breast_cancer_X.npy", y="breast_cancer_y.npy", reference="breast_cancer_ref.npy"),
        f, gn, it, n=X.shape[0], d=X.shape[1], classes=2, l2=LAMBDA,
        description="scikit-learn breast_cancer, 569×30, standardized, binary logistic")

    # digits (10 classes), standardized (constant pixels stay 0)
    dg = load_digits()
    X = standardize(dg.data.astype(float))
    y = dg.target.astype(float)
    save(out / "digits_X.npy", X)
    save(out / "digits_y.npy", y)
    t, f, gn, it = ref_multinomial(X, y.astype(int), 10, LAMBDA)
    save(out / "digits_ref.npy", t.reshape((X.shape[1] + 1, 10)).T)
    add("digits", "multinomial", dict(x="digits_X.npy", y="digits_y.npy", reference="digits_ref.npy"),
        f, gn, it, n=X.shape[0], d=X.shape[1], classes=10, l2=LAMBDA, parametrization="allClasses",
        description="scikit-learn digits, 1797×64, standardized, 10 classes")

    # synthetic logistic (also as CSV) and its unpenalized twin for statsmodels
    n, d = cfg["logistic"]
    rng = np.random.default_rng(20261121)
    X, y = gen_logistic(rng, n, d)
    save(out / "logistic_X.npy", X)
    save(out / "logistic_y.npy", y)
    t, f, gn, it = ref_logistic(X, y, LAMBDA)
    save(out / "logistic_ref.npy", t)
    add("synthetic_logistic", "logistic", dict(x="logistic_X.npy", y="logistic_y.npy", reference="logistic_ref.npy"),
        f, gn, it, n=n, d=d, classes=2, l2=LAMBDA, description=f"synthetic binary logistic, {n}×{d}, standardized")
    t, f, gn, it = ref_logistic(X, y, 0.0)
    save(out / "logistic_mle_ref.npy", t)
    add("synthetic_logistic_mle", "logistic", dict(x="logistic_X.npy", y="logistic_y.npy", reference="logistic_mle_ref.npy"),
        f, gn, it, n=n, d=d, classes=2, l2=0.0,
        description=f"the same {n}×{d} data unpenalized (λ = 0): the maximum-likelihood fit statsmodels computes")
    rows = cfg["csv_rows"]
    csv_path = out / "logistic.csv"
    log(f"writing {csv_path} ({rows} rows)…")
    import pandas as pd
    df = pd.DataFrame(X[:rows], columns=[f"x{j + 1}" for j in range(d)])
    df["y"] = y[:rows].astype(int)
    df.to_csv(csv_path, index=False, float_format="%.5f")
    del df

    add_poisson(out, cfg, add)

    # synthetic multinomial and its unpenalized reference-class twin
    n, d, m = cfg["multinomial"]
    rng = np.random.default_rng(20261122)
    X, y = gen_multinomial(rng, n, d, m)
    save(out / "multinomial_X.npy", X)
    save(out / "multinomial_y.npy", y)
    t, f, gn, it = ref_multinomial(X, y.astype(int), m, LAMBDA)
    save(out / "multinomial_ref.npy", t.reshape((d + 1, m)).T)
    add("synthetic_multinomial", "multinomial", dict(x="multinomial_X.npy", y="multinomial_y.npy", reference="multinomial_ref.npy"),
        f, gn, it, n=n, d=d, classes=m, l2=LAMBDA, parametrization="allClasses",
        description=f"synthetic multinomial, {n}×{d}, {m} classes, standardized")
    t, f, gn, it = ref_multinomial(X, y.astype(int), m, 0.0, reference_class=True)
    save(out / "multinomial_mle_ref.npy", t.reshape((d + 1, m - 1)).T)
    add("synthetic_multinomial_mle", "multinomial", dict(x="multinomial_X.npy", y="multinomial_y.npy", reference="multinomial_mle_ref.npy"),
        f, gn, it, n=n, d=d, classes=m, l2=0.0, parametrization="referenceClass",
        description=f"the same data unpenalized, class 0 as reference (statsmodels MNLogit's parametrization)")

    # synthetic least squares
    n, d = cfg["least_squares"]
    rng = np.random.default_rng(20261123)
    X, y = gen_least_squares(rng, n, d)
    save(out / "least_squares_X.npy", X)
    save(out / "least_squares_y.npy", y)
    t, f, gn, spread = ref_least_squares(X, y, LAMBDA)
    save(out / "least_squares_ref.npy", t)
    add("synthetic_least_squares", "least_squares",
        dict(x="least_squares_X.npy", y="least_squares_y.npy", reference="least_squares_ref.npy"),
        f, gn, 1, n=n, d=d, l2=LAMBDA, reference_spread=spread,
        description=f"synthetic ridge least squares, {n}×{d}, standardized (reference: Cholesky + refinement; "
                    f"QR agrees to {spread:.1e})")
    del X

    # log-det precision estimation
    def add_precision(name, kind, nn, seed, description):
        S = gen_covariance(np.random.default_rng(seed), nn)
        save(out / f"{name}_S.npy", S)
        T = precision_closed_form(S, LAMBDA)
        save(out / f"{name}_ref.npy", T)
        obj = PrecisionObjective(S, LAMBDA)
        tv = T.reshape(-1, order="F")
        add(name, kind, dict(s=f"{name}_S.npy", reference=f"{name}_ref.npy"),
            obj.value(tv), float(np.max(np.abs(obj.grad(tv)))), 0, n=nn, l2=LAMBDA, description=description)

    for k, nn in enumerate(cfg["precision"]):
        add_precision(f"precision_{nn}", "precision", nn, 20261124 + k,
                      f"log-det precision estimation, n = {nn} (sample covariance of {5 * nn} draws), closed form reference")
    nn = cfg["precision_dense"]
    add_precision(f"precision_dense_{nn}", "precision_dense", nn, 20261130,
                  f"log-det precision on the dense vec form (n² = {nn * nn} parameters, dense Hessian)")

    man = dict(version=FORMAT_VERSION, size=size, l2=LAMBDA, csv="logistic.csv", csv_rows=rows,
               csv_problem="synthetic_logistic", problems=problems,
               generated_seconds=round(time.time() - t_start, 1))
    mpath.write_text(json.dumps(man, indent=1))
    log(f"wrote {mpath} in {time.time() - t_start:.0f} s")
    return man


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="full", choices=sorted(SIZES))
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    ensure(a.size, a.force)
