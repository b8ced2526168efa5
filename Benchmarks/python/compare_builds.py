"""Side-by-side fit times of several hessian-bench binaries (e.g. before/after a change).

    python3 compare_builds.py --data ../data/full --rounds 5 \
        before=../../.build-before/release/hessian-bench after=../../.build/release/hessian-bench

Runs every (problem, solver) once per binary per round, alternating the binaries within a round
(A, B, A, B, …) so that load on the shared machine hits all of them alike; each run is one process
with `--repeats 1`. Prints a Markdown table of the median fit time per binary (wall clock, measured inside the
process) and its ratio to the first binary's, and the median CPU seconds of each whole process
(user + system, data loading included; robust against a loaded machine), and writes every sample as JSON lines to --out.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys

CASES = [
    ("breast_cancer", "newton"), ("digits", "trust-region"), ("digits", "newton"),
    ("synthetic_logistic", "newton"), ("synthetic_logistic", "lbfgs"), ("synthetic_logistic_mle", "newton"),
    ("synthetic_multinomial", "trust-region"), ("synthetic_multinomial", "newton"),
    ("synthetic_least_squares", "newton"), ("precision_200", "newton"), ("precision_1000", "newton"),
    ("precision_dense_30", "newton-dense"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", default="2")
    ap.add_argument("--only", default="", help="comma-separated problem names")
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("binaries", nargs="+", help="label=path")
    a = ap.parse_args()
    bins = [b.split("=", 1) for b in a.binaries]
    cases = [c for c in CASES if not a.only or c[0] in a.only.split(",")]
    samples: dict[tuple[str, str, str], list[float]] = {}
    cpus: dict[tuple[str, str, str], list[float]] = {}
    with open(a.out, "w") as out:
        for r in range(a.rounds):
            for problem, solver in cases:
                order = bins if r % 2 == 0 else bins[::-1]
                for label, path in order:
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    p = subprocess.run([path, "run", "--data", a.data, "--problem", problem, "--solver", solver,
                                        "--repeats", "1", "--threads", a.threads],
                                       stdout=subprocess.PIPE, text=True, check=True)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    rec = json.loads(p.stdout.strip().splitlines()[-1])
                    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                    rec.update(build=label, round=r, process_cpu_seconds=cpu)
                    out.write(json.dumps(rec) + "\n")
                    out.flush()
                    samples.setdefault((problem, solver, label), []).append(rec["median"])
                    cpus.setdefault((problem, solver, label), []).append(cpu)
            print(f"round {r + 1}/{a.rounds} done", file=sys.stderr, flush=True)
    labels = [l for l, _ in bins]
    print("| problem | solver | " + " | ".join(f"{l} fit (ms)" for l in labels) + " | "
          + " | ".join(f"{l}/{labels[0]}" for l in labels[1:]) + " | "
          + " | ".join(f"{l} process CPU (s)" for l in labels) + " |")
    print("|---|---|" + "---:|" * (3 * len(labels) - 1))
    for problem, solver in cases:
        med = [statistics.median(samples[(problem, solver, l)]) * 1e3 for l in labels]
        cpu = [statistics.median(cpus[(problem, solver, l)]) for l in labels]
        print(f"| {problem} | {solver} | " + " | ".join(f"{m:.1f}" for m in med) + " | "
              + " | ".join(f"{m / med[0]:.2f}" for m in med[1:]) + " | "
              + " | ".join(f"{c:.2f}" for c in cpu) + " |")

if __name__ == "__main__":
    main()
