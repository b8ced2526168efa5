"""The peer side: one peer solver on one problem per process, so that the peak RSS
(getrusage ru_maxrss) belongs to that run alone. Prints JSON lines on stdout.

    python peers.py --size full --problem synthetic_logistic --peer scipy:newton-cg
    python peers.py --size full --problem synthetic_logistic --peer scipy:newton-cg --trace
    python peers.py --csv-parse FILE
    python peers.py --whole-process FILE --peer scipy:newton-cg --out coef.txt
    python peers.py --list --size full           (the peers run on each problem)

Timing: the median of ≥ 5 fits with the data already in memory (3 if one fit takes more than
budget/5 s, flagged in the record). A "fit" starts from the NumPy arrays and ends with the
coefficients, so it includes building the model object (scikit-learn's input checks, the
intercept column statsmodels needs, the closures SciPy needs).
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings

from common import (LeastSquaresObjective, LogisticObjective, MultinomialObjective, PoissonObjective, PrecisionObjective,
                    ReferenceMultinomialObjective, blas_info, coef_error, data_dir, emit, load_manifest,
                    median, peak_rss_mb, pin_threads, precision_closed_form, THREADS, timed_runs)

_limits = pin_threads()
import numpy as np  # noqa: E402

TIGHT = 1e-10


# ----------------------------------------------------------------------------
# Which peers run on which problem
# ----------------------------------------------------------------------------

def peers_for(p: dict) -> list[str]:
    kind, name = p["kind"], p["name"]
    if kind == "logistic" and p["l2"] == 0:
        return ["statsmodels:logit-newton"]
    if kind == "logistic":
        return ["sklearn:lbfgs", "sklearn:newton-cg", "sklearn:newton-cholesky", "sklearn:liblinear",
                "sklearn:newton-cholesky@tight", "scipy:newton-cg", "scipy:newton-cg@tight", "scipy:trust-exact",
                "scipy:l-bfgs-b"]
    if kind == "multinomial" and p["l2"] == 0:
        return ["statsmodels:mnlogit-newton"]
    if kind == "multinomial":
        return ["sklearn:lbfgs", "sklearn:newton-cg", "sklearn:newton-cholesky", "sklearn:newton-cg@tight",
                "scipy:newton-cg", "scipy:newton-cg@tight", "scipy:trust-exact", "scipy:l-bfgs-b"]
    if kind == "least_squares":
        return ["sklearn:ridge-cholesky", "numpy:normal-equations", "sklearn:linear-regression"]
    if kind == "poisson" and p["l2"] == 0:
        return ["statsmodels:glm-poisson-irls", "statsmodels:glm-poisson-newton", "sklearn:poisson-newton-cholesky@tight"]
    if kind == "poisson":
        return ["sklearn:poisson-newton-cholesky", "sklearn:poisson-newton-cholesky@tight", "sklearn:poisson-lbfgs"]
    if kind == "precision":
        return ["numpy:eigh-closed-form"]
    if kind == "precision_dense":
        return ["scipy:trust-exact", "numpy:eigh-closed-form"]
    raise ValueError(name)


# ----------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------

def load_problem(size, name):
    man = load_manifest(size)
    p = next(q for q in man["problems"] if q["name"] == name)
    d = data_dir(size)
    arrays = {k: np.load(d / f) for k, f in p["files"].items()}
    return p, arrays


def objective_for(p, a):
    kind = p["kind"]
    if kind == "logistic":
        return LogisticObjective(a["x"], a["y"], p["l2"])
    if kind == "multinomial":
        if p.get("parametrization") == "referenceClass":
            return ReferenceMultinomialObjective(a["x"], a["y"].astype(int), p["classes"], p["l2"])
        return MultinomialObjective(a["x"], a["y"].astype(int), p["classes"], p["l2"])
    if kind == "least_squares":
        return LeastSquaresObjective(a["x"], a["y"], p["l2"])
    if kind == "poisson":
        return PoissonObjective(a["x"], a["y"], p["l2"])
    return PrecisionObjective(a["s"], p["l2"])


# ----------------------------------------------------------------------------
# SciPy on the NumPy objective. Hessian-vector products reuse σ′ (or P) of the current
# iterate, as a user tuning for speed would write it.
# ----------------------------------------------------------------------------

class CachedCurvature:
    def __init__(self, obj, kind):
        self.obj, self.kind, self.key, self.state = obj, kind, None, None

    def hessp(self, t, v):
        if self.key is None or not np.array_equal(self.key, t):
            self.key = t.copy()
            if self.kind == "logistic":
                s = _expit(self.obj._z(t))
                self.state = s * (1.0 - s)
            else:
                self.state = self.obj._probs(t)[1]
        if self.kind == "logistic":
            X, lam = self.obj.X, self.obj.lam
            q = self.state * (X @ v[1:] + v[0])
            out = np.empty_like(v)
            out[0] = q.sum()
            out[1:] = X.T @ q + lam * v[1:]
            return out
        return self.obj._hessp_P(self.state, v)


def _expit(z):
    from scipy.special import expit
    return expit(z)


def scipy_fit(p, a, method, tight=False, callback=None):
    from scipy.optimize import minimize
    obj = objective_for(p, a)
    kind = p["kind"]
    if kind == "precision_dense":
        n = p["n"]
        x0 = np.eye(n).reshape(-1)
        fun, jac = obj.value, obj.grad
    else:
        x0 = np.zeros(_nparams(p))
        fun, jac = obj.value_grad, True
    opts = {}
    kw = {}
    if method == "newton-cg":
        kw["hessp"] = CachedCurvature(obj, kind).hessp
        if tight:
            opts["xtol"] = TIGHT
    elif method == "trust-exact":
        if kind == "multinomial":
            Xa = np.hstack([np.ones((a["x"].shape[0], 1)), a["x"]])
            kw["hess"] = lambda t: obj.hess(t, Xa)
        else:
            kw["hess"] = obj.hess
    res = minimize(fun, x0, method=method.upper() if method != "trust-exact" else "trust-exact",
                   jac=jac, options=opts, callback=callback, **kw)
    return res.x, int(res.nit), bool(res.success), str(res.message)


def _nparams(p):
    if p["kind"] == "multinomial":
        m = p["classes"] - (1 if p.get("parametrization") == "referenceClass" else 0)
        return m * (p["d"] + 1)
    return p["d"] + 1


# ----------------------------------------------------------------------------
# scikit-learn and statsmodels
# ----------------------------------------------------------------------------

def sklearn_fit(p, a, solver, tight=False):
    from sklearn.exceptions import ConvergenceWarning
    X, y = a["x"], a["y"]
    if p["kind"] == "least_squares":
        from sklearn.linear_model import LinearRegression, Ridge
        est = Ridge(alpha=p["l2"], solver="cholesky") if solver == "ridge-cholesky" else LinearRegression()
        est.fit(X, y)
        return np.concatenate([[est.intercept_], est.coef_]), 1, True, ""
    if p["kind"] == "poisson":
        # PoissonRegressor minimizes (1/N) Σ (μ − y log μ) + (α/2)‖w‖²: α = λ/N.
        from sklearn.linear_model import PoissonRegressor
        kw = dict(alpha=p["l2"] / X.shape[0], solver=solver.removeprefix("poisson-"))
        if tight:
            kw.update(tol=TIGHT, max_iter=1000)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always", ConvergenceWarning)
            est = PoissonRegressor(**kw).fit(X, y)
        ok = not any(issubclass(x.category, ConvergenceWarning) for x in w)
        return np.concatenate([[est.intercept_], est.coef_]), int(est.n_iter_), ok, ""
    from sklearn.linear_model import LogisticRegression
    kw = dict(C=1.0 / p["l2"], solver=solver)
    if tight:
        kw.update(tol=TIGHT, max_iter=1000)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ConvergenceWarning)
        est = LogisticRegression(**kw).fit(X, y.astype(int) if p["kind"] == "multinomial" else y)
    ok = not any(issubclass(x.category, ConvergenceWarning) for x in w)
    it = int(np.max(est.n_iter_))
    if p["kind"] == "logistic":
        return np.concatenate([est.intercept_, est.coef_[0]]), it, ok, ""
    M = np.concatenate([est.intercept_[:, None], est.coef_], axis=1)
    return M.T.reshape(-1).copy(), it, ok, ""


def statsmodels_fit(p, a, solver):
    import statsmodels.api as sm
    X, y = a["x"], a["y"]
    Xa = sm.add_constant(X, has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if solver == "logit-newton":
            res = sm.Logit(y, Xa).fit(method="newton", maxiter=100, disp=0)
            theta = np.asarray(res.params)
        elif solver.startswith("glm-poisson"):
            method = solver.removeprefix("glm-poisson-").upper() if solver.endswith("irls") else "newton"
            res = sm.GLM(y, Xa, family=sm.families.Poisson()).fit(method=method, maxiter=100)
            theta = np.asarray(res.params)
            ok = bool(res.converged) if hasattr(res, "converged") else bool(res.fit_history.get("converged", True))
            return theta, int(res.fit_history.get("iteration", -1)), ok, ""
        else:
            res = sm.MNLogit(y.astype(int), Xa).fit(method="newton", maxiter=100, disp=0)
            theta = np.asarray(res.params).reshape(-1)  # (d+1)×(m−1) row-major = vec of the (m−1)×(d+1) matrix
    r = res.mle_retvals
    return theta, int(r.get("iterations", -1)), bool(r.get("converged", False)), ""


def numpy_fit(p, a, solver):
    if solver == "eigh-closed-form":
        T = precision_closed_form(a["s"], p["l2"])
        return T.reshape(-1, order="F"), 0, True, ""
    # normal equations by Cholesky (what a NumPy user writes for ridge)
    X, y, lam = a["x"], a["y"], p["l2"]
    n, d = X.shape
    mu = X.mean(axis=0)
    ym = y.mean()
    # centering removes the unpenalized intercept: w = (XcᵀXc + λI)⁻¹ Xcᵀ(y − ȳ), b = ȳ − μᵀw
    G = X.T @ X - n * np.outer(mu, mu) + lam * np.eye(d)
    rhs = X.T @ y - n * mu * ym
    from scipy.linalg import cho_factor, cho_solve
    w = cho_solve(cho_factor(G), rhs)
    return np.concatenate([[ym - mu @ w], w]), 1, True, ""


def fit_once(p, a, peer):
    lib, _, rest = peer.partition(":")
    solver, _, variant = rest.partition("@")
    tight = variant == "tight"
    if lib == "sklearn":
        return sklearn_fit(p, a, solver, tight)
    if lib == "scipy":
        return scipy_fit(p, a, solver, tight)
    if lib == "statsmodels":
        return statsmodels_fit(p, a, solver)
    if lib == "numpy":
        return numpy_fit(p, a, solver)
    raise ValueError(peer)


NOTES = {
    "sklearn:liblinear": "liblinear penalizes the intercept too (intercept_scaling = 1): a slightly different minimizer",
    "sklearn:linear-regression": "unpenalized (λ = 0): a different minimizer, shown for time only",
    "statsmodels:logit-newton": "statsmodels Newton has no L2 penalty: compared on the unpenalized problem",
    "statsmodels:mnlogit-newton": "statsmodels Newton has no L2 penalty: unpenalized, class 0 as reference",
    "statsmodels:glm-poisson-irls": "statsmodels GLM has no L2 penalty in fit(): compared on the unpenalized problem",
    "statsmodels:glm-poisson-newton": "statsmodels GLM has no L2 penalty in fit(): compared on the unpenalized problem",
}


def run_peer(size, name, peer, repeats):
    rss0 = peak_rss_mb()
    p, a = load_problem(size, name)
    rss_data = peak_rss_mb()
    ref = a["reference"]
    obj = objective_for(p, a)
    times, (theta, it, ok, msg) = timed_runs(lambda: fit_once(p, a, peer), repeats)
    theta = np.asarray(theta, dtype=float)
    f = obj.value(theta)
    kind = p["kind"]
    ekind = "multinomial" if kind == "multinomial" and p.get("parametrization") != "referenceClass" else kind
    err = coef_error(ekind, theta, ref.reshape(-1, order="F"), p.get("classes"))
    lib = peer.split(":")[0]
    emit(dict(kind="run", problem=name, side="python", library={"sklearn": "scikit-learn"}.get(lib, lib),
              solver=peer.split(":", 1)[1], times=times, median=median(times), repeats=len(times),
              iterations=it, converged=ok, objective=f, objective_gap=f - p["reference_objective"],
              coef_error=err, peak_rss_mb=peak_rss_mb(), data_rss_mb=rss_data, start_rss_mb=rss0,
              threads=THREADS, note=NOTES.get(peer, msg if not ok else "")))


def run_trace(size, name, peer):
    """One fit with a callback recording ‖∇f‖∞ against time; the callback's own time is excluded."""
    p, a = load_problem(size, name)
    obj = objective_for(p, a)
    lib, _, method = peer.partition(":")
    points = []
    excluded = [0.0]
    t0 = [0.0]

    def cb(xk, *args):
        c0 = time.perf_counter()
        g = obj.grad(np.asarray(xk))
        points.append((c0 - t0[0] - excluded[0], float(np.max(np.abs(g)))))
        excluded[0] += time.perf_counter() - c0

    g0 = float(np.max(np.abs(obj.grad(np.zeros(_nparams(p))))))
    import scipy.optimize  # noqa: F401  (imported before the clock starts, as in the timed runs)
    import scipy.special  # noqa: F401
    t0[0] = time.perf_counter()
    scipy_fit(p, a, method, callback=cb)
    emit(dict(kind="trace", problem=name, side="python", library=lib, solver=method,
              points=[(0.0, g0)] + points))


def run_csv_parse(path, repeats=3):
    import os
    import pandas as pd
    size = os.path.getsize(path)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        df = pd.read_csv(path)
        times.append(time.perf_counter() - t0)
        del df
    emit(dict(kind="csv_parse", side="python", library="pandas", reader=f"pandas.read_csv (pandas {pd.__version__})",
              bytes=size, times=times, median=median(times), mb_per_s=size / 1e6 / median(times)))


def run_whole_process(path, peer, out):
    """What a Python user runs: read the CSV with pandas, fit, write the coefficients."""
    import pandas as pd
    df = pd.read_csv(path)
    y = df.pop("y").to_numpy(dtype=float)
    X = df.to_numpy(dtype=float)
    p = dict(kind="logistic", l2=1.0, d=X.shape[1], name="csv")
    theta, it, ok, msg = fit_once(p, dict(x=X, y=y), peer)
    np.savetxt(out, theta)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="full")
    ap.add_argument("--problem")
    ap.add_argument("--peer")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--csv-parse")
    ap.add_argument("--whole-process")
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("--env", action="store_true")
    a = ap.parse_args()
    if a.env:
        import scipy, sklearn, statsmodels, pandas
        emit(dict(kind="env", side="python", threads=THREADS, blas=blas_info(), numpy=np.__version__,
                  scipy=scipy.__version__, sklearn=sklearn.__version__, statsmodels=statsmodels.__version__,
                  pandas=pandas.__version__, python=sys.version.split()[0]))
    elif a.list:
        for p in load_manifest(a.size)["problems"]:
            print(p["name"], " ".join(peers_for(p)))
    elif a.csv_parse:
        run_csv_parse(a.csv_parse, a.repeats)
    elif a.whole_process:
        run_whole_process(a.whole_process, a.peer, a.out)
    elif a.trace:
        run_trace(a.size, a.problem, a.peer)
    else:
        run_peer(a.size, a.problem, a.peer, a.repeats)


if __name__ == "__main__":
    main()
