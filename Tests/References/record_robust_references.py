#!/usr/bin/env python3
"""Records robust / cluster covariance and frequency-weight references from statsmodels into
Tests/References/robust/*.json, and the small test CSVs they are computed on.

Run from the repository root:  python3 Tests/References/record_robust_references.py

Each test CSV is a bundled data set (Datasets/) with two added columns, written by this script:
- `site`: a cluster label, a coarse (quantile) binning of one feature written as text codes
  ("s0", "s1", …), so the cluster column is exercised as a text column;
- `count`: a frequency weight, integers 0..3 from a fixed seed (0 drops the row).

Each JSON holds the `fit` arguments (`args`), the covariance label `fit` must report, and
statsmodels' coefficients and standard errors; Tests/CLITests/RobustCovarianceTests compares
them with the CLI's JSON output to 1e-6 relative.

Conventions (checked against statsmodels 0.15's source, see the comments at each record):
- OLS: cov_type HC0..HC3 from RegressionResults (score xᵢeᵢ, bread (XᵀX)⁻¹, no σ²);
  HC1 × N/(N − p); HC2/HC3 with leverages hᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ.
- Logit / MNLogit / GLM: base/covtype.py has no cov_HC1..HC3 for these results and falls
  back to cov_white_simple(use_correction=False), i.e. statsmodels labels plain HC0 as HC1,
  HC2 and HC3. `fit` refuses hc2/hc3 for them (leverages are a least-squares notion) and
  defines hc1 as HC0 × N/(N − p) (Mathematics.md, "Robust and cluster covariances"), so the hc1 references here are statsmodels'
  HC0 times that factor.
- cluster: sandwich_covariance.cov_cluster with use_correction=True, i.e. HC0 with the
  summed cluster scores times G/(G − 1) · (N − 1)/(N − p), p = all free parameters
  (the same factor for OLS, Logit and MNLogit).
- Frequency weights: references are statsmodels fits of the *replicated* data (row i repeated
  sᵢ times), which is the definition `fit --weights` implements. (statsmodels' GLM
  freq_weights agree with replication for the estimates, nonrobust and HC0 standard errors,
  but its cluster correction uses the number of distinct rows for N, not Σ sᵢ.)
"""
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

import reference_io
from reference_io import REF, ROOT, likelihood, load

OUT = os.path.join(REF, "robust")
SM = f"statsmodels {statsmodels.__version__}"
REL = "Tests/References/robust/"


def save(name, record):
    reference_io.save(name, record, OUT)


def with_site_and_count(df, binned, bins, seed, csv):
    """df plus `site` (quantile bins of column `binned` as text) and `count` (0..3), written to csv."""
    out = df.copy()
    codes = pd.qcut(df[binned], bins, labels=False, duplicates="drop").astype(int)
    target = out.columns[-1]
    site = ["s%d" % c for c in codes]
    count = np.random.default_rng(seed).integers(0, 4, len(df))
    cols = list(out.columns[:-1])
    out.insert(len(cols), "site", site)
    out.insert(len(cols) + 1, "count", count)
    assert out.columns[-1] == target
    out.to_csv(os.path.join(OUT, csv), index=False)
    return out


def groups(site):
    return np.unique(np.asarray(site), return_inverse=True)[1]


def ols_records():
    df = with_site_and_count(load("diabetes.csv"), "age", 6, 11, "diabetes_sites.csv")
    features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    X = sm.add_constant(df[features].values.astype(float))
    y = df["progression"].values.astype(float)
    g = groups(df["site"])
    base = ["--model", "least-squares", "--summary", "--target", "progression",
            "--features", ",".join(features)]
    names = ["intercept"] + features
    for cov in ["HC0", "HC1", "HC2", "HC3"]:
        r = sm.OLS(y, X).fit(cov_type=cov)
        save(f"diabetes_ols_{cov.lower()}", {
            "source": f"{SM} OLS(...).fit(cov_type='{cov}')",
            "args": base + ["--covariance", cov.lower(), REL + "diabetes_sites.csv"],
            "covariance": cov, "features": names,
            "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
        })
    r = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})
    save("diabetes_ols_cluster", {
        "source": f"{SM} OLS(...).fit(cov_type='cluster', groups=site), default use_correction",
        "args": base + ["--cluster", "site", REL + "diabetes_sites.csv"],
        "covariance": "cluster", "clusters": int(len(np.unique(g))), "features": names,
        "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
    })
    # Frequency weights = replicated rows.
    s = df["count"].values
    rep = np.repeat(np.arange(len(y)), s)
    for cov, kw in [("nonrobust", {}), ("HC1", {}), ("HC3", {}),
                    ("cluster", {"cov_kwds": {"groups": g[rep]}})]:
        r = sm.OLS(y[rep], X[rep]).fit(cov_type=cov, **kw)
        extra = ["--cluster", "site"] if cov == "cluster" else ["--covariance", cov.lower()]
        # With both --weights and --cluster the default features (all but the target, the weight
        # and the cluster columns) are exactly `features`: exercised here by omitting --features.
        args = (base[:-2] if cov == "cluster" else base) + ["--weights", "count"] + extra
        save(f"diabetes_ols_weights_{cov.lower()}", {
            "source": f"{SM} OLS(...).fit(cov_type='{cov}') on the rows repeated `count` times",
            "args": args + [REL + "diabetes_sites.csv"],
            "covariance": cov, "observations": float(s.sum()), "features": names,
            "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
            **likelihood(r),
        })


def logit_records():
    df = with_site_and_count(load("breast_cancer.csv"), "mean_area", 8, 12, "breast_cancer_sites.csv")
    features = ["mean_radius", "mean_texture", "mean_smoothness", "mean_symmetry"]
    X = sm.add_constant(df[features].values.astype(float))
    y = (df["diagnosis"] == "malignant").astype(float).values
    g = groups(df["site"])
    base = ["--model", "logistic", "--summary", "--features", ",".join(features)]
    names = ["intercept"] + features
    n, p = X.shape

    def fit(yy, XX, **kw):
        r = sm.Logit(yy, XX).fit(method="newton", tol=1e-12, maxiter=200, disp=0, **kw)
        assert r.mle_retvals["converged"]
        return r

    r0 = fit(y, X, cov_type="HC0")
    # GLM Binomial gives the same HC0 (checked here, so one reference serves both).
    rg = sm.GLM(y, X, family=sm.families.Binomial()).fit(cov_type="HC0", tol=1e-12)
    assert np.allclose(rg.bse, r0.bse, rtol=1e-7, atol=0)
    save("breast_cancer_logit_hc0", {
        "source": f"{SM} Logit(...).fit(cov_type='HC0') (GLM Binomial agrees to 1e-7, checked)",
        "args": base + ["--covariance", "hc0", REL + "breast_cancer_sites.csv"],
        "covariance": "HC0", "features": names,
        "coefficients": r0.params.tolist(), "standardErrors": r0.bse.tolist(),
    })
    save("breast_cancer_logit_hc1", {
        "source": f"{SM} Logit(...).fit(cov_type='HC0') standard errors × √(N/(N − p)) "
                  "(statsmodels' own 'HC1' for Logit is HC0, see the script's docstring)",
        "args": base + ["--covariance", "hc1", REL + "breast_cancer_sites.csv"],
        "covariance": "HC1", "features": names,
        "coefficients": r0.params.tolist(), "standardErrors": (r0.bse * np.sqrt(n / (n - p))).tolist(),
    })
    r = fit(y, X, cov_type="cluster", cov_kwds={"groups": g})
    rg = sm.GLM(y, X, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": g}, tol=1e-12)
    assert np.allclose(rg.bse, r.bse, rtol=1e-7, atol=0)
    save("breast_cancer_logit_cluster", {
        "source": f"{SM} Logit(...).fit(cov_type='cluster', groups=site), default use_correction "
                  "(GLM Binomial agrees to 1e-7, checked)",
        "args": base + ["--covariance", "cluster", "--cluster", "site", REL + "breast_cancer_sites.csv"],
        "covariance": "cluster", "clusters": int(len(np.unique(g))), "features": names,
        "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
    })
    s = df["count"].values
    rep = np.repeat(np.arange(len(y)), s)
    for cov, kw in [("nonrobust", {}), ("HC0", {}), ("cluster", {"cov_kwds": {"groups": g[rep]}})]:
        r = fit(y[rep], X[rep], cov_type=cov, **kw)
        if cov != "cluster":
            # statsmodels' own freq_weights agree with replication here (nobs stays the row count,
            # df_resid = Σ sᵢ − p); rows of weight 0 are dropped first (its HC0 divides by √sᵢ).
            keep = s > 0
            rf = sm.GLM(y[keep], X[keep], family=sm.families.Binomial(), freq_weights=s[keep]).fit(cov_type=cov, tol=1e-12)
            assert np.allclose(rf.bse, r.bse, rtol=1e-7, atol=0) and rf.df_resid == s.sum() - p
        extra = ["--cluster", "site"] if cov == "cluster" else ["--covariance", cov.lower()]
        save(f"breast_cancer_logit_weights_{cov.lower()}", {
            "source": f"{SM} Logit(...).fit(cov_type='{cov}') on the rows repeated `count` times",
            "args": base + ["--weights", "count"] + extra + [REL + "breast_cancer_sites.csv"],
            "covariance": cov, "observations": float(s.sum()), "features": names,
            "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
            **likelihood(r),
            "pseudoR2": float(r.prsquared),
        })


def mnlogit_records():
    df = with_site_and_count(load("wine.csv"), "color_intensity", 5, 13, "wine_sites.csv")
    features = ["alcohol", "malic_acid"]
    X = sm.add_constant(df[features].values.astype(float))
    y = df["cultivar"].values
    g = groups(df["site"])
    base = ["--model", "multinomial", "--summary", "--features", ",".join(features)]
    names = ["intercept"] + features

    def fit(yy, XX, **kw):
        r = sm.MNLogit(yy, XX).fit(method="newton", tol=1e-10, maxiter=200, disp=0, **kw)
        assert r.mle_retvals["converged"]
        return r

    def rows(a):
        a = np.asarray(a).T                     # (m − 1) × (1 + d), against class 0
        return np.vstack([np.zeros((1, a.shape[1])), a]).tolist()

    n, k = X.shape[0], X.shape[1] * 2
    r0 = fit(y, X, cov_type="HC0")
    save("wine_mnlogit_hc0", {
        "source": f"{SM} MNLogit(...).fit(cov_type='HC0'), reference class 0",
        "args": base + ["--covariance", "hc0", REL + "wine_sites.csv"],
        "covariance": "HC0", "features": names, "classes": ["0", "1", "2"],
        "coefficients": rows(r0.params), "standardErrors": rows(r0.bse),
    })
    save("wine_mnlogit_hc1", {
        "source": f"{SM} MNLogit(...).fit(cov_type='HC0') standard errors × √(N/(N − p)), p = 6 free parameters",
        "args": base + ["--covariance", "hc1", REL + "wine_sites.csv"],
        "covariance": "HC1", "features": names, "classes": ["0", "1", "2"],
        "coefficients": rows(r0.params), "standardErrors": rows(np.asarray(r0.bse) * np.sqrt(n / (n - k))),
    })
    r = fit(y, X, cov_type="cluster", cov_kwds={"groups": g})
    save("wine_mnlogit_cluster", {
        "source": f"{SM} MNLogit(...).fit(cov_type='cluster', groups=site), default use_correction",
        "args": base + ["--cluster", "site", REL + "wine_sites.csv"],
        "covariance": "cluster", "clusters": int(len(np.unique(g))), "features": names, "classes": ["0", "1", "2"],
        "coefficients": rows(r.params), "standardErrors": rows(r.bse),
    })
    s = df["count"].values
    rep = np.repeat(np.arange(len(y)), s)
    for cov, kw in [("nonrobust", {}), ("cluster", {"cov_kwds": {"groups": g[rep]}})]:
        r = fit(y[rep], X[rep], cov_type=cov, **kw)
        extra = ["--cluster", "site"] if cov == "cluster" else []
        save(f"wine_mnlogit_weights_{cov.lower()}", {
            "source": f"{SM} MNLogit(...).fit(cov_type='{cov}') on the rows repeated `count` times",
            "args": base + ["--weights", "count"] + extra + [REL + "wine_sites.csv"],
            "covariance": cov, "observations": float(s.sum()), "features": names, "classes": ["0", "1", "2"],
            "coefficients": rows(r.params), "standardErrors": rows(r.bse),
            **likelihood(r),
        })


def count_records():
    """Poisson (GLM, exposure) and NB2 (discrete NegativeBinomial, exposure) on the synthetic
    claims data of record_count_references.py. GLM and NegativeBinomial have no cov_HC1, so hc1 is
    HC0 × √(N/(N − p)) as for Logit. NB2's scores include the α column, so p (and the cluster
    factor's N − p) counts α; β's sandwich standard errors do not depend on whether α or log α is
    the parameter (the bread and the meat transform by the same Jacobian at the estimate), and
    se(α) = α · se(log α) (delta method)."""
    df = with_site_and_count(pd.read_csv(os.path.join(ROOT, "Tests", "References", "claims_exposure.csv")),
                             "x1", 6, 14, "claims_sites.csv")
    features = ["x1", "x2"]
    X = sm.add_constant(df[features].values.astype(float))
    y = df["claims"].values.astype(float)
    t = df["time"].values.astype(float)
    g = groups(df["site"])
    names = ["intercept"] + features
    n = len(y)
    csv = REL + "claims_sites.csv"

    def poisson(**kw):
        return sm.GLM(y, X, family=sm.families.Poisson(), exposure=t).fit(tol=1e-13, **kw)

    base = ["--model", "poisson", "--summary", "--exposure", "time", "--features", ",".join(features)]
    r0 = poisson(cov_type="HC0")
    save("claims_poisson_hc0", {
        "source": f"{SM} GLM(Poisson(), exposure=time).fit(cov_type='HC0')",
        "args": base + ["--covariance", "hc0", csv], "covariance": "HC0", "features": names,
        "coefficients": r0.params.tolist(), "standardErrors": r0.bse.tolist(), "logLikelihood": float(r0.llf),
    })
    save("claims_poisson_hc1", {
        "source": f"{SM} GLM(Poisson(), exposure=time).fit(cov_type='HC0') standard errors × √(N/(N − p))",
        "args": base + ["--covariance", "hc1", csv], "covariance": "HC1", "features": names,
        "coefficients": r0.params.tolist(), "standardErrors": (r0.bse * np.sqrt(n / (n - X.shape[1]))).tolist(),
    })
    r = poisson(cov_type="cluster", cov_kwds={"groups": g})
    save("claims_poisson_cluster", {
        "source": f"{SM} GLM(Poisson(), exposure=time).fit(cov_type='cluster', groups=site), default use_correction",
        "args": base + ["--cluster", "site", csv], "covariance": "cluster", "clusters": int(len(np.unique(g))),
        "features": names, "coefficients": r.params.tolist(), "standardErrors": r.bse.tolist(),
    })
    s = df["count"].values
    rep = np.repeat(np.arange(n), s)
    rw = sm.GLM(y[rep], X[rep], family=sm.families.Poisson(), exposure=t[rep]).fit(tol=1e-13, cov_type="HC0")
    save("claims_poisson_weights_hc0", {
        "source": f"{SM} GLM(Poisson(), exposure=time).fit(cov_type='HC0') on the rows repeated `count` times",
        "args": base + ["--weights", "count", "--covariance", "hc0", csv], "covariance": "HC0",
        "observations": float(s.sum()), "features": names,
        "coefficients": rw.params.tolist(), "standardErrors": rw.bse.tolist(),
        "logLikelihood": float(rw.llf), "aic": float(rw.aic),
    })

    def nb(**kw):
        r = sm.NegativeBinomial(y, X, loglike_method="nb2", exposure=t).fit(method="newton", tol=1e-12, maxiter=200, disp=0, **kw)
        assert r.mle_retvals["converged"]
        return r

    base = ["--model", "negative-binomial", "--summary", "--exposure", "time", "--features", ",".join(features)]
    for cov, kw, extra in [("HC0", {}, ["--covariance", "hc0"]),
                           ("cluster", {"cov_kwds": {"groups": g}}, ["--cluster", "site"])]:
        r = nb(cov_type=cov, **kw)
        record = {
            "source": f"{SM} NegativeBinomial(loglike_method='nb2', exposure=time).fit(cov_type='{cov}')",
            "args": base + extra + [csv], "covariance": cov, "features": names,
            "coefficients": r.params[:-1].tolist(), "standardErrors": r.bse[:-1].tolist(),
            "alphaStandardError": float(r.bse[-1]), "logLikelihood": float(r.llf),
        }
        if cov == "cluster":
            record["clusters"] = int(len(np.unique(g)))
        save(f"claims_nb2_{cov.lower()}", record)


def main():
    os.makedirs(OUT, exist_ok=True)
    ols_records()
    logit_records()
    mnlogit_records()
    count_records()


if __name__ == "__main__":
    main()
