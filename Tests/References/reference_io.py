"""Paths, data loading and JSON writing shared by the record_*.py scripts.

Every reference file is written the same way — indent 1 and a final newline — so that re-running
a script with unchanged libraries leaves `git diff Tests/References` empty.
"""
import json
import os

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REF = os.path.join(ROOT, "Tests", "References")


def load(name):
    """A bundled dataset, `Datasets/<name>`, as a DataFrame."""
    return pd.read_csv(os.path.join(ROOT, "Datasets", name))


def write_json(path, document, message=None):
    """Writes `document` to `path` (indent 1, final newline) and reports it."""
    with open(path, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print("wrote", message if message is not None else path)


def save(name, record, folder=REF):
    """Writes one named reference record to `<folder>/<name>.json`, the name included in it."""
    record["name"] = name
    write_json(os.path.join(folder, name + ".json"), record, name)


def likelihood(result):
    """A statsmodels fit's log-likelihood, AIC and BIC as reference fields (in this key order)."""
    return {"logLikelihood": float(result.llf), "aic": float(result.aic), "bic": float(result.bic)}
