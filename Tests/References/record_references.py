#!/usr/bin/env python3
"""Records reference fits from scikit-learn and statsmodels into Tests/References/*.json.

Run from the repository root:  python3 Tests/References/record_references.py
Each JSON holds the `fit` arguments it corresponds to (`args`) and the independent
reference figures; Tests/CLITests compares the CLI's JSON output with them to 1e-6 relative.
All solvers are converged tightly (sklearn tol=1e-12; statsmodels Newton with tiny tol) and
each result's gradient is checked here before it is written.

Conventions matched to `fit`:
- objective Σ loss + (λ/2)‖w‖², intercept unpenalized: sklearn's C = 1/λ (LogisticRegression)
  and Ridge's alpha = λ (Ridge minimizes ‖y − Xw‖² + α‖w‖², i.e. twice ours);
- --standardize z-scores each feature with the population std (ddof = 0);
- logistic: the positive class is the second label in sorted order ("malignant");
- multinomial with λ > 0: all classes free (sklearn); with λ = 0 the first class is the
  reference (statsmodels MNLogit), whose coefficient row is zero;
- least-squares --summary: standard errors σ̂²(XᵀX)⁻¹ with σ̂² = RSS/(N − k) (statsmodels bse),
  log-likelihood with σ̂² = RSS/N (statsmodels llf).
"""

import numpy as np
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression, Ridge

from reference_io import likelihood, load, save

SK = f"scikit-learn {sklearn.__version__}"
SM = f"statsmodels {statsmodels.__version__}"

# NIST StRD certified values for Longley (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml).
NIST_LONGLEY_COEF = [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                     -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]
NIST_LONGLEY_SE = [890420.383607373, 84.9149257747669, 0.334910077722432e-01, 0.488399681651699,
                   0.214274163161675, 0.226073200069370, 455.478499142212]


def zscore(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)


def check_gradient(g, what, tol=1e-7):
    g = np.max(np.abs(g))
    assert g < tol, f"{what}: gradient {g} not converged"


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def softmax(A):
    A = A - A.max(axis=1, keepdims=True)
    E = np.exp(A)
    return E / E.sum(axis=1, keepdims=True)


def breast_cancer_logistic_l2_1_standardized():
    df = load("breast_cancer.csv")
    features = list(df.columns[:-1])
    X = zscore(df[features])
    y = (df["diagnosis"] == "malignant").astype(float).values
    m = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=10000).fit(X, y)
    w = np.concatenate([m.intercept_, m.coef_[0]])
    Xi = np.column_stack([np.ones(len(y)), X])
    g = Xi.T @ (sigmoid(Xi @ w) - y) + np.concatenate([[0], w[1:]])
    check_gradient(g, "breast_cancer logistic")
    save("breast_cancer_logistic_l2_1_standardized", {
        "source": f"{SK} LogisticRegression(C=1, solver='newton-cholesky', tol=1e-12) on z-scored features",
        "args": ["--model", "logistic", "--l2", "1", "--standardize", "Datasets/breast_cancer.csv"],
        "features": ["intercept"] + features,
        "classes": ["benign", "malignant"],
        "coefficients": w.tolist(),
    })


def multinomial_l2(dataset, target, classes, name, standardize):
    df = load(dataset)
    features = list(df.columns[:-1])
    X = zscore(df[features]) if standardize else df[features].values.astype(float)
    labels = df[target].astype(str).values
    y = np.array([classes.index(c) for c in labels])
    m = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=10000).fit(X, y)
    W = np.column_stack([m.intercept_, m.coef_])            # m × (1 + d)
    Xi = np.column_stack([np.ones(len(y)), X])
    Y = np.eye(len(classes))[y]
    G = (softmax(Xi @ W.T) - Y).T @ Xi
    G[:, 1:] += W[:, 1:]
    check_gradient(G, name)
    args = ["--model", "multinomial", "--l2", "1"] + (["--standardize"] if standardize else []) + ["Datasets/" + dataset]
    save(name, {
        "source": f"{SK} LogisticRegression(C=1, solver='newton-cholesky', tol=1e-12), multinomial, all classes free",
        "args": args,
        "features": ["intercept"] + features,
        "classes": classes,
        "coefficients": W.tolist(),
    })


def ols(dataset, name, nist=False):
    df = load(dataset)
    features = list(df.columns[:-1])
    X = sm.add_constant(df[features].values.astype(float))
    y = df[df.columns[-1]].values.astype(float)
    r = sm.OLS(y, X).fit()
    record = {
        "source": f"{SM} OLS",
        "args": ["--model", "least-squares", "--summary", "Datasets/" + dataset],
        "features": ["intercept"] + features,
        "coefficients": r.params.tolist(),
        "standardErrors": r.bse.tolist(),
        **likelihood(r),
    }
    if nist:
        assert np.allclose(r.params, NIST_LONGLEY_COEF, rtol=1e-7, atol=0), r.params
        assert np.allclose(r.bse, NIST_LONGLEY_SE, rtol=1e-7, atol=0), r.bse
        record["source"] += "; agrees with the NIST StRD certified values to 1e-7 (checked by this script)"
    save(name, record)


def ridge_diabetes():
    df = load("diabetes.csv")
    features = list(df.columns[:-1])
    X = zscore(df[features])
    y = df["progression"].values.astype(float)
    lam = 10.0
    m = Ridge(alpha=lam, tol=1e-14, solver="cholesky").fit(X, y)
    w = np.concatenate([[m.intercept_], m.coef_])
    Xi = np.column_stack([np.ones(len(y)), X])
    g = Xi.T @ (Xi @ w - y) + lam * np.concatenate([[0], w[1:]])
    check_gradient(g / np.abs(y).max(), "diabetes ridge")
    save("diabetes_least_squares_l2_10_standardized", {
        "source": f"{SK} Ridge(alpha=10, solver='cholesky') on z-scored features",
        "args": ["--model", "least-squares", "--l2", "10", "--standardize", "Datasets/diabetes.csv"],
        "features": ["intercept"] + features,
        "coefficients": w.tolist(),
    })


def logit_summary():
    df = load("breast_cancer.csv")
    features = ["mean_radius", "mean_texture", "mean_smoothness", "mean_symmetry"]
    X = sm.add_constant(df[features].values.astype(float))
    y = (df["diagnosis"] == "malignant").astype(float).values
    model = sm.Logit(y, X)
    r = model.fit(method="newton", tol=1e-12, maxiter=200, disp=0)
    assert r.mle_retvals["converged"]
    check_gradient(model.score(r.params), "Logit")
    save("breast_cancer_logistic_summary", {
        "source": f"{SM} Logit(method='newton', tol=1e-12)",
        "args": ["--model", "logistic", "--summary", "--features", ",".join(features), "Datasets/breast_cancer.csv"],
        "features": ["intercept"] + features,
        "classes": ["benign", "malignant"],
        "coefficients": r.params.tolist(),
        "standardErrors": r.bse.tolist(),
        **likelihood(r),
        "pseudoR2": float(r.prsquared),
    })


def mnlogit_summary():
    df = load("wine.csv")
    features = ["alcohol", "malic_acid"]
    X = sm.add_constant(df[features].values.astype(float))
    y = df["cultivar"].values
    model = sm.MNLogit(y, X)
    r = model.fit(method="newton", tol=1e-10, maxiter=200, disp=0)
    assert r.mle_retvals["converged"]
    check_gradient(model.score(np.asarray(r.params).ravel(order="F")), "MNLogit")
    P = np.asarray(r.params).T                       # (m−1) × (1 + d), classes 1, 2 against class 0
    S = np.asarray(r.bse).T
    zero = np.zeros((1, P.shape[1]))
    save("wine_multinomial_summary", {
        "source": f"{SM} MNLogit(method='newton', tol=1e-10), reference class 0 (row of zeros, standard errors 0)",
        "args": ["--model", "multinomial", "--summary", "--features", ",".join(features), "Datasets/wine.csv"],
        "features": ["intercept"] + features,
        "classes": ["0", "1", "2"],
        "coefficients": np.vstack([zero, P]).tolist(),
        "standardErrors": np.vstack([zero, S]).tolist(),
        **likelihood(r),
        "pseudoR2": float(r.prsquared),
    })


def logdet(lam, name):
    df = load("iris.csv")
    features = list(df.columns[:-1])
    X = df[features].values.astype(float)
    S = np.cov(X, rowvar=False, bias=True)           # ML covariance: centered, divided by N
    s, Q = np.linalg.eigh(S)
    theta = 1 / s if lam == 0 else (-s + np.sqrt(s * s + 4 * lam)) / (2 * lam)
    Theta = (Q * theta) @ Q.T
    G = S - np.linalg.inv(Theta) + lam * Theta
    check_gradient(G, name, 1e-9)
    save(name, {
        "source": "closed form (numpy eigh): S = Q diag(s) Qᵀ, θᵢ = (−sᵢ + √(sᵢ² + 4λ))/(2λ), or 1/sᵢ for λ = 0",
        "args": ["--model", "logdet", "--l2", repr(lam), "--features", ",".join(features), "Datasets/iris.csv"],
        "features": features,
        "precision": Theta.tolist(),
    })


def main():
    breast_cancer_logistic_l2_1_standardized()
    multinomial_l2("iris.csv", "species", ["setosa", "versicolor", "virginica"], "iris_multinomial_l2_1", False)
    multinomial_l2("wine.csv", "cultivar", ["0", "1", "2"], "wine_multinomial_l2_1_standardized", True)
    ols("diabetes.csv", "diabetes_least_squares_summary")
    ols("longley.csv", "longley_least_squares_summary", nist=True)
    ridge_diabetes()
    logit_summary()
    mnlogit_summary()
    logdet(0.0, "iris_logdet_l2_0")
    logdet(0.1, "iris_logdet_l2_0.1")


if __name__ == "__main__":
    main()
