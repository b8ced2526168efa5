#!/usr/bin/env python3
"""Writes the bundled CSV data sets from the copies that scikit-learn and statsmodels ship.

Run from the repository root:  python3 Datasets/export_datasets.py
Every file has a header row; the target (class label or response) is the last column.
Feature names are those of the source with spaces replaced by underscores. Numbers are
written with Python's shortest round-trip repr, so the CSV holds exactly the source's doubles.
"""
import csv
import os

import numpy as np
from sklearn import datasets
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))


def clean(name):
    return str(name).strip().replace(" ", "_").replace("/", "_")


def write(filename, feature_names, X, target_name, y):
    path = os.path.join(HERE, filename)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([clean(n) for n in feature_names] + [target_name])
        for row, label in zip(np.asarray(X, dtype=float), y):
            w.writerow([repr(float(v)) for v in row] + [label])
    print(f"{filename}: {len(y)} rows, {len(feature_names)} features")


def main():
    bc = datasets.load_breast_cancer()
    # sklearn codes malignant as 0 and benign as 1; we write the names. Sorted, the classes
    # are ("benign", "malignant"), so `fit --model logistic` models P(malignant).
    write("breast_cancer.csv", bc.feature_names, bc.data, "diagnosis", [bc.target_names[t] for t in bc.target])

    iris = datasets.load_iris()
    names = [n.replace(" (cm)", "") for n in iris.feature_names]
    write("iris.csv", names, iris.data, "species", [iris.target_names[t] for t in iris.target])

    wine = datasets.load_wine()
    # Numeric class labels 0, 1, 2 (cultivars), to exercise numeric labels.
    write("wine.csv", wine.feature_names, wine.data, "cultivar", [int(t) for t in wine.target])

    digits = datasets.load_digits()
    write("digits.csv", digits.feature_names, digits.data, "digit", [int(t) for t in digits.target])

    diabetes = datasets.load_diabetes(scaled=False)
    write("diabetes.csv", diabetes.feature_names, diabetes.data, "progression",
          [repr(float(t)) for t in diabetes.target])

    longley = sm.datasets.longley.load_pandas().data
    features = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
    write("longley.csv", features, longley[features].values, "TOTEMP",
          [repr(float(t)) for t in longley["TOTEMP"].values])

    # RAND Health Insurance Experiment: outpatient visits to an MD (a count) and its covariates.
    randhie = sm.datasets.randhie.load_pandas().data
    features = ["lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf", "hlthp"]
    write("randhie.csv", features, randhie[features].values, "mdvis",
          [str(int(t)) for t in randhie["mdvis"].values])


if __name__ == "__main__":
    main()
