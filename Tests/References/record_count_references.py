#!/usr/bin/env python3
"""Records reference fits of the count models (Poisson, NB2) from statsmodels and scikit-learn
into Tests/References/*.json, and writes the small synthetic exposure data set they use.

Run from the repository root:  python3 Tests/References/record_count_references.py
Each JSON holds the `fit` arguments (`args`) and the independent figures; Tests/CLITests compares
the CLI's JSON output with them to 1e-6 relative. Every fit is converged tightly and its score
(gradient) is checked here before it is written.

Conventions matched to `fit`:
- Poisson: statsmodels GLM(family=Poisson()) with offset=/exposure=; llf is the full
  log-likelihood (with the log y! terms); AIC = 2k − 2 llf; BIC = k log N − 2 llf (statsmodels'
  `bic_llf`, not the deviance-based GLM `bic`); deviance and Pearson χ² as GLM's.
- NB2: statsmodels discrete NegativeBinomial(loglike_method='nb2'), α estimated jointly; its
  params end with α, whose standard error (from the Hessian in α) equals the delta-method α·se(log α)
  at the optimum; k counts α (AIC, BIC). The likelihood-ratio test against the Poisson GLM uses
  p = ½ P(χ²₁ > LR) (scipy.stats.chi2.sf), because α = 0 is on the boundary.
- ridge Poisson: scikit-learn PoissonRegressor minimizes (1/N) Σ (μ − y log μ) + (α/2)‖w‖²,
  so α = λ/N for fit's Σ loss + (λ/2)‖w‖².
"""
import os

import numpy as np
import pandas as pd
import scipy
import scipy.stats
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import PoissonRegressor

from reference_io import ROOT, likelihood, save

SM = f"statsmodels {statsmodels.__version__}"
SK = f"scikit-learn {sklearn.__version__}"
FEATURES = ["lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf", "hlthp"]
EXPOSURE_DATA = "Tests/References/claims_exposure.csv"


def check(g, what, tol=1e-6):
    g = np.max(np.abs(g))
    assert g < tol, f"{what}: score {g} not converged"


def write_exposure_data():
    """Synthetic claims data: 400 policies, two covariates, a time at risk t ∈ [0.1, 5) and
    claims ~ NegBin(mean t·exp(0.3 + 0.5 x1 − 0.4 x2), α = 0.5). Seeded, so it is reproducible."""
    rng = np.random.default_rng(20261201)
    n = 400
    x1 = np.round(rng.normal(size=n), 4)
    x2 = rng.integers(0, 2, size=n).astype(float)
    t = np.round(rng.uniform(0.1, 5.0, size=n), 3)
    mu = t * np.exp(0.3 + 0.5 * x1 - 0.4 * x2)
    alpha = 0.5
    claims = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
    df = pd.DataFrame({"x1": x1, "x2": x2, "time": t, "claims": claims})
    df.to_csv(os.path.join(ROOT, EXPOSURE_DATA), index=False)
    print("wrote", EXPOSURE_DATA)
    return df


def glm_poisson(name, df, features, target, args, offset=None, exposure=None):
    X = sm.add_constant(df[features].values.astype(float))
    y = df[target].values.astype(float)
    model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset, exposure=exposure)
    r = model.fit(method="newton", tol=1e-12, maxiter=100)
    check(model.score(r.params), name)
    save(name, {
        "source": f"{SM} GLM(family=Poisson()" + (", offset" if offset is not None else "")
                  + (", exposure" if exposure is not None else "") + "), Newton, tol=1e-12",
        "args": args,
        "features": ["intercept"] + features,
        "coefficients": r.params.tolist(),
        "standardErrors": r.bse.tolist(),
        "logLikelihood": float(r.llf),
        "aic": float(r.aic),
        "bic": float(r.bic_llf),
        "deviance": float(r.deviance),
        "pearsonChi2": float(r.pearson_chi2),
        # μ of the first five rows (with their offset/exposure), for `predict`.
        "firstPredictions": r.predict(X[:5], offset=None if offset is None else offset[:5],
                                      exposure=None if exposure is None else exposure[:5]).tolist(),
    })
    return r


def negative_binomial(name, df, features, target, args, poisson_llf, exposure=None):
    X = sm.add_constant(df[features].values.astype(float))
    y = df[target].values.astype(float)
    model = sm.NegativeBinomial(y, X, loglike_method="nb2", exposure=exposure)
    r = model.fit(method="newton", tol=1e-12, maxiter=200, disp=0)
    assert r.mle_retvals["converged"], name
    check(model.score(r.params), name)
    lr = 2 * (r.llf - poisson_llf)
    save(name, {
        "source": f"{SM} NegativeBinomial(loglike_method='nb2'), Newton, tol=1e-12; LR against the Poisson GLM, "
                  f"p = ½ chi2.sf(LR, 1) (scipy {scipy.__version__})",
        "args": args,
        "features": ["intercept"] + features,
        "coefficients": r.params[:-1].tolist(),
        "standardErrors": r.bse[:-1].tolist(),
        "alpha": float(r.params[-1]),
        "alphaStandardError": float(r.bse[-1]),
        **likelihood(r),
        "poissonLogLikelihood": float(poisson_llf),
        "likelihoodRatio": float(lr),
        "likelihoodRatioPValue": float(0.5 * scipy.stats.chi2.sf(lr, 1)),
    })


def ridge_poisson(name, df, features, target, lam, args):
    X = df[features].values.astype(float)
    mean, std = X.mean(axis=0), X.std(axis=0)
    Z = (X - mean) / std
    y = df[target].values.astype(float)
    n = len(y)
    m = PoissonRegressor(alpha=lam / n, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(Z, y)
    w = np.concatenate([[m.intercept_], m.coef_])
    Zi = np.column_stack([np.ones(n), Z])
    g = Zi.T @ (np.exp(Zi @ w) - y) + lam * np.concatenate([[0], w[1:]])
    check(g, name)
    save(name, {
        "source": f"{SK} PoissonRegressor(alpha=λ/N, solver='newton-cholesky', tol=1e-12) on z-scored features",
        "args": args,
        "features": ["intercept"] + features,
        "coefficients": w.tolist(),
    })


def main():
    rand = pd.read_csv(os.path.join(ROOT, "Datasets", "randhie.csv"))
    pois = glm_poisson("randhie_poisson_summary", rand, FEATURES, "mdvis",
                       ["--model", "poisson", "--summary", "Datasets/randhie.csv"])
    negative_binomial("randhie_negative_binomial_summary", rand, FEATURES, "mdvis",
                      ["--model", "negative-binomial", "--summary", "Datasets/randhie.csv"], pois.llf)
    others = [f for f in FEATURES if f != "lpi"]
    glm_poisson("randhie_poisson_offset_lpi", rand, others, "mdvis",
                ["--model", "poisson", "--summary", "--offset", "lpi", "Datasets/randhie.csv"],
                offset=rand["lpi"].values.astype(float))
    ridge_poisson("randhie_poisson_l2_100_standardized", rand, FEATURES, "mdvis", 100.0,
                  ["--model", "poisson", "--l2", "100", "--standardize", "Datasets/randhie.csv"])

    claims = write_exposure_data()
    t = claims["time"].values.astype(float)
    pois = glm_poisson("claims_poisson_exposure", claims, ["x1", "x2"], "claims",
                       ["--model", "poisson", "--summary", "--exposure", "time", EXPOSURE_DATA], exposure=t)
    negative_binomial("claims_negative_binomial_exposure", claims, ["x1", "x2"], "claims",
                      ["--model", "negative-binomial", "--summary", "--exposure", "time", EXPOSURE_DATA],
                      pois.llf, exposure=t)


if __name__ == "__main__":
    main()
