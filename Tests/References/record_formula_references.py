#!/usr/bin/env python3
"""Records formula references from patsy and statsmodels' formula API.

Run from the repository root:  python3 Tests/References/record_formula_references.py
Writes
- Tests/References/Formula/design_data.csv and designs.json: for each formula, patsy's
  `dmatrices` column names and matrix on a small seeded table with text categoricals, an
  integer-coded column and positive numerics (Tests/HessianDataTests/FormulaDesignTests.swift compares
  names exactly and values to 1e-12);
- Tests/References/Formula/grunfeld_missing.csv: Datasets/grunfeld.csv with cells blanked or
  set to NA / NaN / null (pandas reads all four as missing);
- Tests/References/formula_*.json: smf.ols / smf.logit / smf.mnlogit fits (patsy names, with
  patsy's "Intercept" written as the project's "intercept"), compared by
  Tests/CLITests/FitCommandTests.agreesWithReference through each file's `args`.
"""
import os

import numpy as np
import pandas as pd
import patsy
import statsmodels
import statsmodels.formula.api as smf

from reference_io import REF, ROOT, likelihood, save, write_json

OUT = os.path.join(REF, "Formula")
SM = f"statsmodels {statsmodels.__version__} formula API (patsy {patsy.__version__})"

FORMULAS = [
    "y ~ x", "y ~ g", "y ~ g + h", "y ~ g:h", "y ~ g*h", "y ~ 0 + g", "y ~ g - 1", "y ~ -1 + g:h",
    "y ~ x:g", "y ~ x*g", "y ~ x + x:g", "y ~ g:x + h", "y ~ x:z", "y ~ x*z", "y ~ C(k)", "y ~ k",
    "y ~ C(k) + g", "y ~ C(k, Treatment(10))", 'y ~ C(g, Treatment(reference="c"))',
    "y ~ C(g, Treatment('c')):h", "y ~ g:h:x", "y ~ g*h*x", "y ~ (g + h + x)**2", "y ~ g/h",
    "y ~ g + h + g:h - g", "y ~ h:g + g", "y ~ 0 + g:h", "y ~ 0 + x + g", "y ~ x + 0 + g:h",
    "y ~ I(x**2) + np.log(z)", "y ~ np.exp(x) + np.sqrt(z)", "y ~ I(x*z) + x", "y ~ x:g:h + g",
    "y ~ g:h + h:x + g", "y ~ C(k):g + x", "y ~ g:C(k) - 1", "y ~ x + z + x:z:g", "y ~ 1",
    "y ~ g + 1 - 1 + 1", "y ~ (g + h)**3", "y ~ x:h + g:h", "y ~ g*h - 1", "y ~ h + g:h + g:h:x",
    "y ~ x + I(x - z) + I((x + 1)**2 / z)",
]


def design_references():
    rng = np.random.default_rng(20261201)
    n = 40
    df = pd.DataFrame({
        "g": rng.choice(["a", "b", "c", "d"], n),
        "h": rng.choice(["p", "q", "r"], n),
        "k": rng.choice([1, 2, 3, 10], n),
        "x": np.round(rng.normal(size=n), 6),
        "z": np.round(rng.uniform(0.5, 3, size=n), 6),
    })
    df["y"] = np.round(df.x + rng.normal(size=n), 6)
    df.to_csv(os.path.join(OUT, "design_data.csv"), index=False, float_format=lambda v: repr(float(v)))
    records = []
    for f in FORMULAS:
        _, X = patsy.dmatrices(f, df, return_type="dataframe")
        records.append({"formula": f, "columns": list(X.columns), "matrix": X.values.T.tolist()})
    write_json(os.path.join(OUT, "designs.json"),
               {"source": f"patsy {patsy.__version__} dmatrices on design_data.csv; matrix is by column",
                "designs": records}, f"{len(records)} designs")


def names(index):
    return ["intercept" if c == "Intercept" else c for c in index]


def ols(name, formula, path, extra=(), missing="none"):
    df = pd.read_csv(os.path.join(ROOT, path))
    r = smf.ols(formula, df, missing=missing).fit()
    save(name, {
        # Data rows (0-based) used and their fitted values, for predict on the same file.
        "usedRows": [int(i) for i in r.fittedvalues.index],
        "fittedValues": r.fittedvalues.tolist(),
        "source": f"{SM}: smf.ols({formula!r}, missing={missing!r}).fit()",
        "args": ["--model", "least-squares", "--summary", "--formula", formula, *extra, path],
        "features": names(r.params.index),
        "rows": int(r.nobs),
        "coefficients": r.params.tolist(),
        "standardErrors": r.bse.tolist(),
        **likelihood(r),
    })


def logit(name, formula, path, args_formula=None):
    df = pd.read_csv(os.path.join(ROOT, path))
    model = smf.logit(formula, df)
    r = model.fit(method="newton", tol=1e-12, maxiter=200, disp=0)
    assert r.mle_retvals["converged"]
    assert np.max(np.abs(model.score(r.params))) < 1e-7
    save(name, {
        "source": f"{SM}: smf.logit({formula!r}).fit(method='newton', tol=1e-12)",
        "args": ["--model", "logistic", "--summary", "--formula", args_formula or formula, path],
        "features": names(r.params.index),
        "classes": ["0", "1"],
        "coefficients": r.params.tolist(),
        "standardErrors": r.bse.tolist(),
        **likelihood(r),
        "pseudoR2": float(r.prsquared),
    })


def mnlogit(name, formula, path):
    df = pd.read_csv(os.path.join(ROOT, path))
    model = smf.mnlogit(formula, df)
    r = model.fit(method="newton", tol=1e-10, maxiter=200, disp=0)
    assert r.mle_retvals["converged"]
    assert np.max(np.abs(model.score(np.asarray(r.params).ravel(order="F")))) < 1e-6
    P = np.asarray(r.params).T
    S = np.asarray(r.bse).T
    zero = np.zeros((1, P.shape[1]))
    classes = sorted(df[formula.split("~")[0].strip()].unique())
    save(name, {
        "source": f"{SM}: smf.mnlogit({formula!r}).fit(method='newton', tol=1e-10), reference class first (zeros)",
        "args": ["--model", "multinomial", "--summary", "--formula", formula, path],
        "features": names(r.params.index),
        "classes": [str(c) for c in classes],
        "coefficients": np.vstack([zero, P]).tolist(),
        "standardErrors": np.vstack([zero, S]).tolist(),
        **likelihood(r),
        "pseudoR2": float(r.prsquared),
    })


def grunfeld_missing():
    df = pd.read_csv(os.path.join(ROOT, "Datasets", "grunfeld.csv"))
    text = df.astype(object)
    text.loc[[3, 50], "value"] = ""
    text.loc[[7], "firm"] = "NA"
    text.loc[[11, 12], "capital"] = "NaN"
    text.loc[[100], "invest"] = "null"
    text.loc[[150], "year"] = ""          # a column the formula does not use: no row dropped for it
    text.to_csv(os.path.join(OUT, "grunfeld_missing.csv"), index=False)
    print("wrote grunfeld_missing.csv")


def main():
    os.makedirs(OUT, exist_ok=True)
    design_references()
    grunfeld_missing()
    ols("formula_grunfeld_ols_firm", "invest ~ value + capital + firm", "Datasets/grunfeld.csv")
    ols("formula_grunfeld_ols_interaction", "invest ~ capital + value:firm", "Datasets/grunfeld.csv")
    ols("formula_grunfeld_ols_reference", 'invest ~ value + C(firm, Treatment(reference="US Steel"))', "Datasets/grunfeld.csv")
    ols("formula_grunfeld_ols_missing_drop", "invest ~ value + capital + firm",
        "Tests/References/Formula/grunfeld_missing.csv", extra=["--missing", "drop"], missing="drop")
    logit("formula_anes96_logit_coded", "vote ~ C(educ) + age + TVnews", "Datasets/anes96.csv")
    logit("formula_anes96_logit_reference_interaction", "vote ~ C(educ, Treatment(reference=3)) + selfLR*age",
          "Datasets/anes96.csv")
    mnlogit("formula_anes96_mnlogit_categorical", "PID ~ C(vote) + age + income", "Datasets/anes96.csv")


if __name__ == "__main__":
    main()
