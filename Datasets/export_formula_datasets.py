#!/usr/bin/env python3
"""Writes the data sets with categorical columns used by the formula tests (issue 12).

Run from the repository root:  python3 Datasets/export_formula_datasets.py
Both come from the copies statsmodels ships (nothing is downloaded):
- grunfeld.csv: Grunfeld (1950) investment data, 11 firms × 20 years; `firm` is text
  (e.g. "General Motors"), `year` an integer, target `invest` last.
- anes96.csv: 1996 American National Election Study extract (944 respondents); integer codes
  `educ` (1–7), `income` (1–24), `vote` (0 Clinton / 1 Dole), target `PID` (party id 0–6) last.
Integral columns are written as integers (so `C(year)` names its levels 1936, not 1936.0).
"""
import os

import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(df, name):
    df.to_csv(os.path.join(ROOT, "Datasets", name), index=False, float_format=lambda v: repr(float(v)))
    print("wrote", name, df.shape)


def main():
    g = sm.datasets.grunfeld.load_pandas().data
    g = g[["firm", "year", "value", "capital", "invest"]].copy()
    g["firm"] = g["firm"].astype(str)
    g["year"] = g["year"].astype(int)
    write(g, "grunfeld.csv")

    a = sm.datasets.anes96.load_pandas().data
    a = a[["popul", "TVnews", "selfLR", "ClinLR", "DoleLR", "age", "educ", "income", "vote", "PID"]].copy()
    for c in ["TVnews", "selfLR", "ClinLR", "DoleLR", "age", "educ", "income", "vote", "PID"]:
        assert (a[c] == a[c].round()).all()
        a[c] = a[c].astype(int)
    write(a, "anes96.csv")


if __name__ == "__main__":
    main()
