"""Shared pieces of the Python side of the benchmark: paths, thread pinning,
the objectives written in NumPy (value, gradient, Hessian-vector product,
dense Hessian), coefficient error and peak-memory measurement.

Objective convention (the same one Hessian minimizes):
    f(θ) = Σᵢ lossᵢ + (λ/2)‖W‖²     (intercepts are never penalized)

Coefficient layouts shared with the Swift side (files in data/<size>/):
  * logistic / least squares / poisson: θ = [b, w₁, …, w_d]   (intercept first)
  * multinomial: the m×(d+1) matrix M = [b W], stored Fortran-order, so that
    θ = vec(M) and parameter (class k, column j) sits at k + m·j; column 0 is
    the intercept.
  * precision: the n×n matrix Θ.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
DATA_ROOT = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
THREADS = int(os.environ.get("HESSIAN_BENCH_THREADS", "2"))


def pin_threads(n: int = THREADS):
    """Same BLAS thread count as the Swift side: env vars before NumPy loads, then threadpoolctl."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(n)
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=n, user_api="blas")


def blas_info():
    from threadpoolctl import threadpool_info
    return [
        {k: d.get(k) for k in ("internal_api", "version", "num_threads", "filepath", "architecture")}
        for d in threadpool_info()
    ]


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(record: dict, stream=None):
    """One JSON object per line: the only format the driver reads."""
    stream = stream or sys.stdout
    stream.write(json.dumps(record, allow_nan=True) + "\n")
    stream.flush()


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def timed_runs(fn, repeats: int, budget: float = 120.0):
    """Runs fn() and returns (times, last result): `repeats` times (7 when one run takes under a
    second, so that short runs on a shared machine get a steadier median), but only 3 when one
    run alone takes more than budget/5 seconds. The Swift side (Records.swift) uses the same rule."""
    times, out = [], None
    n = repeats
    while len(times) < n:
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        if len(times) == 1:
            if times[0] < 1.0 and repeats >= 5:
                n = max(repeats, 7)
            elif times[0] * repeats > budget:
                n = min(repeats, 3)
    return times, out


def data_dir(size: str) -> Path:
    return DATA_ROOT / size


def load_manifest(size: str) -> dict:
    with open(data_dir(size) / "problems.json") as f:
        return json.load(f)


# ----------------------------------------------------------------------------
# Objectives in NumPy. Imported lazily so that pin_threads() runs first.
# ----------------------------------------------------------------------------

def np():
    import numpy
    return numpy


class LogisticObjective:
    """l(θ) = Σ log(1+e^{zᵢ}) − yᵢzᵢ + (λ/2)‖w‖², z = Xw + b, θ = [b, w]."""

    def __init__(self, X, y, lam):
        self.X, self.y, self.lam = X, y, lam
        self.n, self.d = X.shape

    def _z(self, t):
        return self.X @ t[1:] + t[0]

    def value(self, t):
        N = np()
        z = self._z(t)
        return float(N.sum(N.logaddexp(0.0, z)) - self.y @ z + 0.5 * self.lam * (t[1:] @ t[1:]))

    def value_grad(self, t):
        N = np()
        z = self._z(t)
        f = float(N.sum(N.logaddexp(0.0, z)) - self.y @ z + 0.5 * self.lam * (t[1:] @ t[1:]))
        r = _sigmoid(z) - self.y
        g = _ridge_gradient(self.X, r, self.lam, t)
        return f, g

    def grad(self, t):
        return self.value_grad(t)[1]

    def hessp(self, t, v):
        N = np()
        s = _sigmoid(self._z(t))
        s *= 1.0 - s
        q = s * (self.X @ v[1:] + v[0])
        out = N.empty_like(v)
        out[0] = q.sum()
        out[1:] = self.X.T @ q + self.lam * v[1:]
        return out

    def hess(self, t):
        """[1 X]ᵀ diag(σ′) [1 X] + λ diag(0, 1, …, 1), written as a user of NumPy would."""
        N = np()
        s = _sigmoid(self._z(t))
        s *= 1.0 - s
        H = N.empty((self.d + 1, self.d + 1))
        Xs = self.X * s[:, None]
        H[1:, 1:] = self.X.T @ Xs
        H[0, 1:] = H[1:, 0] = Xs.sum(axis=0)
        H[0, 0] = s.sum()
        H[1:, 1:] += self.lam * N.eye(self.d)
        return H


def _ridge_gradient(X, r, lam, t):
    """[1ᵀr; Xᵀr + λw] for θ = [b, w]: the gradient of Σ lᵢ(zᵢ) + (λ/2)‖w‖² with rᵢ = ∂lᵢ/∂zᵢ."""
    g = np().empty_like(t)
    g[0] = r.sum()
    g[1:] = X.T @ r + lam * t[1:]
    return g


def _sigmoid(z):
    N = np()
    from scipy.special import expit
    return expit(z)


class LeastSquaresObjective:
    """f(θ) = ½‖Xw + b − y‖² + (λ/2)‖w‖²."""

    def __init__(self, X, y, lam):
        self.X, self.y, self.lam = X, y, lam
        self.n, self.d = X.shape

    def value(self, t):
        r = self.X @ t[1:] + t[0] - self.y
        return float(0.5 * (r @ r) + 0.5 * self.lam * (t[1:] @ t[1:]))

    def grad(self, t):
        N = np()
        r = self.X @ t[1:] + t[0] - self.y
        g = _ridge_gradient(self.X, r, self.lam, t)
        return g


class PoissonObjective:
    """l(θ) = Σ e^{zᵢ} − yᵢzᵢ + log yᵢ! + (λ/2)‖w‖², z = Xw + b, θ = [b, w] (log link; the log y!
    constant is included so that values equal Hessian's Poisson objective)."""

    def __init__(self, X, y, lam):
        from scipy.special import gammaln
        self.X, self.y, self.lam = X, y, lam
        self.n, self.d = X.shape
        self.const = float(gammaln(y + 1.0).sum())

    def _z(self, t):
        return self.X @ t[1:] + t[0]

    def value(self, t):
        N = np()
        z = self._z(t)
        return float(N.sum(N.exp(z)) - self.y @ z + self.const + 0.5 * self.lam * (t[1:] @ t[1:]))

    def value_grad(self, t):
        N = np()
        z = self._z(t)
        mu = N.exp(z)
        f = float(mu.sum() - self.y @ z + self.const + 0.5 * self.lam * (t[1:] @ t[1:]))
        r = mu - self.y
        g = _ridge_gradient(self.X, r, self.lam, t)
        return f, g

    def grad(self, t):
        return self.value_grad(t)[1]

    def hess(self, t):
        """[1 X]ᵀ diag(μ) [1 X] + λ diag(0, 1, …, 1)."""
        N = np()
        mu = N.exp(self._z(t))
        H = N.empty((self.d + 1, self.d + 1))
        Xs = self.X * mu[:, None]
        H[1:, 1:] = self.X.T @ Xs
        H[0, 1:] = H[1:, 0] = Xs.sum(axis=0)
        H[0, 0] = mu.sum()
        H[1:, 1:] += self.lam * N.eye(self.d)
        return H


class MultinomialObjective:
    """Σᵢ logsumexp(aᵢ) − a_{i,yᵢ} + (λ/2)‖W‖², A = X Wᵀ + 1bᵀ, θ = vec([b W]) (column-major, m rows)."""

    def __init__(self, X, labels, m, lam):
        N = np()
        self.X, self.m, self.lam = X, m, lam
        self.n, self.d = X.shape
        self.labels = labels.astype(N.int64)
        self.Y = N.zeros((self.n, m))
        self.Y[N.arange(self.n), self.labels] = 1.0

    def unpack(self, t):
        M = t.reshape((self.d + 1, self.m)).T  # M = [b W], m×(d+1); θ[k + m j] = M[k, j]
        return M[:, 0], M[:, 1:]

    def pack(self, b, W):
        N = np()
        return N.concatenate([b[:, None], W], axis=1).T.reshape(-1).copy()

    def _probs(self, t):
        N = np()
        b, W = self.unpack(t)
        A = self.X @ W.T + b
        amax = A.max(axis=1, keepdims=True)
        E = N.exp(A - amax)
        s = E.sum(axis=1, keepdims=True)
        lse = N.log(s) + amax
        return A, E / s, lse

    def value(self, t):
        N = np()
        A, P, lse = self._probs(t)
        _, W = self.unpack(t)
        return float(lse.sum() - A[N.arange(self.n), self.labels].sum() + 0.5 * self.lam * N.sum(W * W))

    def value_grad(self, t):
        N = np()
        A, P, lse = self._probs(t)
        b, W = self.unpack(t)
        f = float(lse.sum() - A[N.arange(self.n), self.labels].sum() + 0.5 * self.lam * N.sum(W * W))
        R = P - self.Y
        gW = R.T @ self.X + self.lam * W
        gb = R.sum(axis=0)
        return f, self.pack(gb, gW)

    def grad(self, t):
        return self.value_grad(t)[1]

    def hessp_factory(self, t):
        """v ↦ H v with P computed once per iterate (what scipy's hessp is called with repeatedly)."""
        _, P, _ = self._probs(t)
        return lambda v: self._hessp_P(P, v)

    def hessp(self, t, v):
        _, P, _ = self._probs(t)
        return self._hessp_P(P, v)

    def _hessp_P(self, P, v):
        # (H v) for the block (k, ·): Xaᵀ [p_k ⊙ (dA_k − Σ_l p_l dA_l)], dA = Xa Vᵀ.
        vb, VW = self.unpack(v)
        dA = self.X @ VW.T + vb
        R = P * (dA - (P * dA).sum(axis=1, keepdims=True))
        return self.pack(R.sum(axis=0), R.T @ self.X + self.lam * VW)

    def hess(self, t, Xa=None):
        """Dense Σᵢ (xᵢxᵢᵀ) ⊗ D(Wxᵢ) + λ I_W in vec([b W]) order, block by block:
        block (k, l) = Xaᵀ diag(p_k(δ_kl − p_l)) Xa, Xa = [1 X]."""
        N = np()
        _, P, _ = self._probs(t)
        if Xa is None:
            Xa = N.hstack([N.ones((self.n, 1)), self.X])
        m, p = self.m, self.d + 1
        H = N.empty((m * p, m * p))
        for k in range(m):
            for l in range(k, m):
                c = P[:, k] * ((1.0 if k == l else 0.0) - P[:, l])
                B = Xa.T @ (Xa * c[:, None])
                H[k::m, l::m] = B
                if l != k:
                    H[l::m, k::m] = B.T
        idx = N.arange(m, m * p)  # W entries (j ≥ 1)
        H[idx, idx] += self.lam
        return H


class ReferenceMultinomialObjective(MultinomialObjective):
    """Unpenalized multinomial in the reference-class parametrization of statsmodels' MNLogit:
    class 0 has zero coefficients; θ = vec of the (m−1)×(d+1) matrix for classes 1..m−1."""

    def full(self, t):
        N = np()
        M = t.reshape((self.d + 1, self.m - 1)).T
        Mf = N.vstack([N.zeros((1, self.d + 1)), M])
        return Mf.T.reshape(-1).copy()

    def reduce(self, g):
        m, p = self.m, self.d + 1
        G = g.reshape((p, m)).T
        return G[1:].T.reshape(-1).copy()

    def value(self, t):
        return super().value(self.full(t))

    def value_grad(self, t):
        f, g = super().value_grad(self.full(t))
        return f, self.reduce(g)

    def hess(self, t, Xa=None):
        N = np()
        H = super().hess(self.full(t), Xa)
        m, p = self.m, self.d + 1
        keep = N.array([k + m * j for j in range(p) for k in range(1, m)])
        return H[N.ix_(keep, keep)]


class PrecisionObjective:
    """g(Θ) = tr(SΘ) − log|sym Θ| + (λ/2)‖Θ‖²_F on θ = vec(Θ) (the dense vec form, n² parameters),
    sym Θ = (Θ + Θᵀ)/2. On symmetric Θ this is the model of Hessian.docc/Mathematics.md
    ("Precision-matrix estimation"); taking log| | of the symmetric part makes g, its gradient
    S − (sym Θ)⁻¹ + λΘ and its Hessian ((Θ⁻¹ ⊗ Θ⁻¹)(I + K)/2 + λI) exact on all of ℝ^{n²}, so a
    trust-region method never sees a model that disagrees with g."""

    def __init__(self, S, lam):
        self.S, self.lam = S, lam
        self.n = S.shape[0]

    def _mat(self, t):
        return t.reshape((self.n, self.n), order="F")

    def value(self, t):
        N = np()
        T = self._mat(t)
        try:
            L = N.linalg.cholesky(0.5 * (T + T.T))
        except N.linalg.LinAlgError:
            return float("inf")
        logdet = 2.0 * N.log(N.diag(L)).sum()
        return float(N.sum(self.S * T) - logdet + 0.5 * self.lam * N.sum(T * T))

    def grad(self, t):
        N = np()
        T = self._mat(t)
        Ti = N.linalg.inv(0.5 * (T + T.T))
        Ti = 0.5 * (Ti + Ti.T)
        return (self.S - Ti + self.lam * T).reshape(-1, order="F")

    def hess(self, t):
        N = np()
        n = self.n
        T = self._mat(t)
        Ti = N.linalg.inv(0.5 * (T + T.T))
        Ti = 0.5 * (Ti + Ti.T)
        H = N.kron(Ti, Ti)
        perm = N.arange(n * n).reshape((n, n)).T.reshape(-1)  # K_nn as a permutation of columns
        H = 0.5 * (H + H[:, perm])
        H[N.diag_indices_from(H)] += self.lam
        return H


def precision_closed_form(S, lam):
    """Θ* = Q diag(θ) Qᵀ, θᵢ = (−sᵢ + √(sᵢ² + 4λ)) / (2λ) with S = Q diag(s) Qᵀ (λ = 0: S⁻¹)."""
    N = np()
    s, Q = N.linalg.eigh(S)
    if lam > 0:
        th = (-s + N.sqrt(s * s + 4.0 * lam)) / (2.0 * lam)
    else:
        th = 1.0 / s
    return (Q * th) @ Q.T


# ----------------------------------------------------------------------------
# Coefficient error: one definition for both sides (the Swift side mirrors it).
# ----------------------------------------------------------------------------

def coef_error(kind: str, theta, ref, m: int | None = None) -> float:
    """‖θ − θ*‖∞ / max(‖θ*‖∞, 1e-12), after removing what the objective does not identify:
    for the penalized multinomial the common shift of the intercepts (it leaves f unchanged),
    so intercepts are centered across classes on both sides first."""
    N = np()
    a = N.asarray(theta, dtype=float).reshape(-1).copy()
    r = N.asarray(ref, dtype=float).reshape(-1).copy()
    if a.shape != r.shape:
        return float("nan")
    if kind == "multinomial" and m:
        a[:m] -= a[:m].mean()
        r[:m] -= r[:m].mean()
    scale = max(float(N.max(N.abs(r))), 1e-12)
    return float(N.max(N.abs(a - r)) / scale)
