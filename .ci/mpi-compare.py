#!/usr/bin/env python3
"""Largest |a − b| / max(1, |a|) over the coefficients of two fit JSON files (stdlib only).

Standard errors count too, to 1e-8 relative, scaled by 1e-2 so that one threshold of 1e-10 on
the printed number covers both. Fails (non-zero exit) when the files differ in shape: coefficient
or standard-error counts, classes or rows.
"""
import json
import sys

a, b = (json.load(open(p)) for p in sys.argv[1:3])
flat = lambda c: [v for r in c for v in (r if isinstance(r, list) else [r])]
ca, cb = flat(a["coefficients"]), flat(b["coefficients"])
assert len(ca) == len(cb), "coefficient counts differ"
assert a.get("classes") == b.get("classes") and a["rows"] == b["rows"], "classes or rows differ"
se = lambda f: flat(f.get("standardErrors") or [])
sa, sb = se(a), se(b)
assert len(sa) == len(sb), "standard errors differ in count"
d = [abs(x - y) / max(1.0, abs(x)) for x, y in zip(ca, cb)]
d += [1e-2 * abs(x - y) / max(1e-300, abs(x)) for x, y in zip(sa, sb)]
print(max(d))
