"""The benchmark driver: the one place that runs everything and merges the results.

Data flow (see Benchmarks/README.md):
    datasets.py ──► data/<size>/*.npy, logistic.csv, problems.json   (cached, deterministic)
    hessian-bench run|trace|assembly|csv ──► JSON lines ─┐
    peers.py (one process per problem × peer)  ──► JSON lines ─┼─► results/<…>/runs.jsonl ──► report.py
    fit (CLI) and peers.py --whole-process, timed here ──► JSON lines ─┘            latest.md, convergence.png

    python bench.py [--quick] [--only PROBLEM,…] [--skip-peers] [--skip-hessian] [--report-only]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
ROOT = BENCH.parent
PY = sys.executable
THREADS = int(os.environ.get("HESSIAN_BENCH_THREADS", "2"))

ENV = dict(os.environ, OPENBLAS_NUM_THREADS=str(THREADS), OMP_NUM_THREADS=str(THREADS),
           MKL_NUM_THREADS=str(THREADS), HESSIAN_BENCH_THREADS=str(THREADS), PYTHONUNBUFFERED="1")

# Problems whose convergence is plotted, and the Hessian solvers traced on them.
TRACE_PROBLEMS = ["synthetic_logistic", "synthetic_multinomial"]
TRACE_SOLVERS = ["newton", "trust-region", "newton-cg", "lbfgs", "bfgs"]
TRACE_PEERS = ["scipy:newton-cg", "scipy:trust-exact", "scipy:l-bfgs-b"]
ASSEMBLY_PROBLEMS = ["synthetic_logistic", "synthetic_multinomial", "synthetic_least_squares", "digits"]


def log(*a):
    print(f"[bench {time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


def cpu_busy(seconds=1.0):
    """Fraction of all cores busy over `seconds` (from /proc/stat), while this driver itself is idle."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + v[4]
        return sum(v), idle
    try:
        t0, i0 = sample()
        time.sleep(seconds)
        t1, i1 = sample()
        return 1.0 - (i1 - i0) / max(1, t1 - t0)
    except OSError:
        return float("nan")


QUIET = float(os.environ.get("HESSIAN_BENCH_QUIET", "0.25"))
MAX_WAIT = float(os.environ.get("HESSIAN_BENCH_MAX_WAIT", "30"))
# Total seconds the whole run may spend waiting for quiet; after that it measures regardless.
WAIT_BUDGET = [float(os.environ.get("HESSIAN_BENCH_WAIT_BUDGET", "400"))]


def wait_quiet():
    """Other jobs share this machine: before each measurement wait (up to MAX_WAIT s) until less than
    QUIET of the CPU is busy, and return what was busy when the measurement started."""
    t0 = time.time()
    busy = cpu_busy()
    while busy > QUIET and time.time() - t0 < min(MAX_WAIT, WAIT_BUDGET[0]):
        time.sleep(4)
        busy = cpu_busy()
    WAIT_BUDGET[0] -= time.time() - t0
    return busy


class Runner:
    def __init__(self, out: Path, errlog: Path):
        self.out = out
        self.errlog = errlog
        self.records: list[dict] = []

    def run(self, cmd: list[str], context: dict, timeout: float = 1800) -> list[dict]:
        """Runs one measurement process; its JSON lines are kept (and appended to runs.jsonl)."""
        busy = wait_quiet()
        t0 = time.time()
        with open(self.errlog, "a") as err:
            err.write(f"\n$ {' '.join(map(str, cmd))}\n")
            err.flush()
            try:
                p = subprocess.run(list(map(str, cmd)), stdout=subprocess.PIPE, stderr=err, env=ENV,
                                   timeout=timeout, text=True, cwd=ROOT)
                stdout, rc = p.stdout, p.returncode
            except subprocess.TimeoutExpired as e:
                stdout, rc = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), "timeout"
        recs = []
        for line in stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    recs.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        if rc != 0 and not any(r.get("kind") == "error" for r in recs):
            recs.append(dict(kind="error", message=f"exit status {rc} (see {self.errlog.name})", **context))
        for r in recs:
            for k, v in context.items():
                r.setdefault(k, v)
            r["busy_before"] = round(busy, 3)
        with open(self.out, "a") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        self.records += recs
        brief = [f"{r.get('solver')} {r.get('median', 0):.4g} s err={r.get('coef_error', float('nan')):.1e}"
                 if r.get("kind") == "run" else r.get("kind") + (": " + r.get("message", "") if r.get("kind") == "error" else "")
                 for r in recs]
        log(f"{context.get('problem', '')} {context.get('side', '')}: {'; '.join(brief)} ({time.time() - t0:.1f} s)")
        return recs


def timed_process(cmd, repeats=3):
    """Wall time and peak RSS of a whole process (os.wait4 gives that child's own rusage)."""
    times, rss, rc = [], [], 0
    for _ in range(repeats):
        wait_quiet()
        t0 = time.perf_counter()
        p = subprocess.Popen(list(map(str, cmd)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, cwd=ROOT)
        _, status, ru = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t0)
        rss.append(ru.ru_maxrss / 1024.0)
        rc = os.waitstatus_to_exitcode(status)
        if rc != 0:
            err = p.stderr.read().decode()[-2000:]
            return times, rss, rc, err
    return times, rss, 0, ""


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes (data/quick, results/quick)")
    ap.add_argument("--only", help="comma-separated problem names")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-hessian", action="store_true")
    ap.add_argument("--skip-extras", action="store_true", help="no traces, assembly, CSV or whole-process runs")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--no-confirm", action="store_true", help="skip the second pass over the target-defining runs")
    ap.add_argument("--confirm-only", action="store_true", help="only the second pass (appends to runs.jsonl)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--bin", default=str(ROOT / ".build" / "release"))
    a = ap.parse_args()

    size = "quick" if a.quick else "full"
    # --only runs write to results/partial/ so that they never replace the full report.
    results = BENCH / "results" / ("quick" if a.quick else "") / ("partial" if a.only else "")
    results.mkdir(parents=True, exist_ok=True)
    runs = results / "runs.jsonl"
    if a.report_only:
        return report(results, size)
    if a.confirm_only:
        return confirm(results, size, Path(a.bin), a.repeats)

    bench_bin = Path(a.bin) / "hessian-bench"
    fit_bin = Path(a.bin) / "fit"
    if not bench_bin.exists() and not a.skip_hessian:
        sys.exit(f"{bench_bin} not found: run `swift build -c release` first")

    log(f"data ({size})…")
    subprocess.run([PY, HERE / "datasets.py", "--size", size], check=True, env=ENV)
    data = BENCH / "data" / size
    manifest = json.loads((data / "problems.json").read_text())

    runs.write_text("")
    R = Runner(runs, results / "stderr.log")
    (results / "stderr.log").write_text(f"bench run {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    R.run([PY, HERE / "peers.py", "--env"], dict(side="python"))
    if not a.skip_hessian:
        R.run([bench_bin, "env"], dict(side="hessian"))
    R.records.append(dict(kind="meta", size=size, load_start=" ".join(f"{x:.2f}" for x in os.getloadavg()), started=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                          threads=THREADS, machine=machine_info(), csv=manifest["csv"]))
    for p in manifest["problems"]:
        R.records.append(dict(kind="problem", name=p["name"], description=p.get("description", ""),
                              reference_gradient_norm=p.get("reference_gradient_norm")))
    with open(runs, "a") as f:
        for r in R.records:
            if r["kind"] in ("meta", "problem"):
                f.write(json.dumps(r) + "\n")

    only = set(a.only.split(",")) if a.only else None
    hsolvers = {}
    if not a.skip_hessian:
        out = subprocess.run([bench_bin, "list", "--data", data], stdout=subprocess.PIPE, text=True, env=ENV, check=True).stdout
        hsolvers = {l.split()[0]: l.split()[1:] for l in out.splitlines() if l.strip()}
    out = subprocess.run([PY, HERE / "peers.py", "--list", "--size", size], stdout=subprocess.PIPE, text=True, env=ENV,
                         check=True).stdout
    psolvers = {l.split()[0]: l.split()[1:] for l in out.splitlines() if l.strip()}

    for prob in manifest["problems"]:
        name = prob["name"]
        if only and name not in only:
            continue
        for s in ([] if a.skip_hessian else hsolvers.get(name, [])):
            R.run([bench_bin, "run", "--data", data, "--problem", name, "--solver", s, "--repeats", a.repeats],
                  dict(problem=name, side="hessian", library="hessian", solver=s))
        for peer in ([] if a.skip_peers else psolvers.get(name, [])):
            R.run([PY, HERE / "peers.py", "--size", size, "--problem", name, "--peer", peer, "--repeats", a.repeats],
                  dict(problem=name, side="python", library=peer.split(":")[0], solver=peer.split(":", 1)[1]))

    if not a.skip_extras:
        for name in TRACE_PROBLEMS:
            if only and name not in only:
                continue
            for s in ([] if a.skip_hessian else TRACE_SOLVERS):
                R.run([bench_bin, "trace", "--data", data, "--problem", name, "--solver", s],
                      dict(problem=name, side="hessian", solver=s))
            for peer in ([] if a.skip_peers else TRACE_PEERS):
                R.run([PY, HERE / "peers.py", "--size", size, "--problem", name, "--peer", peer, "--trace"],
                      dict(problem=name, side="python", solver=peer))
        if not a.skip_hessian:
            for name in ASSEMBLY_PROBLEMS:
                if not only or name in only:
                    R.run([bench_bin, "assembly", "--data", data, "--problem", name, "--gemm", 2000 if size == "full" else 1000],
                          dict(problem=name, side="hessian"))
            for prob in manifest["problems"]:
                if prob["l2"] > 0 and (not only or prob["name"] in only):
                    R.run([bench_bin, "ops", "--data", data, "--problem", prob["name"]], dict(problem=prob["name"], side="hessian"))
        csv = data / manifest["csv"]
        if not only or manifest["csv_problem"] in only:
            if not a.skip_hessian:
                R.run([bench_bin, "csv", "--file", csv, "--repeats", 3], dict(problem="csv", side="hessian"))
            if not a.skip_peers:
                R.run([PY, HERE / "peers.py", "--csv-parse", csv, "--repeats", 3], dict(problem="csv", side="python"))
            whole_process(R, runs, csv, fit_bin, a)

    with open(runs, "a") as f:
        f.write(json.dumps(dict(kind="end", load=" ".join(f"{x:.2f}" for x in os.getloadavg()),
                                finished=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))) + "\n")
    log(f"wrote {runs}")
    if a.no_confirm or a.only or a.skip_peers or a.skip_hessian:
        report(results, size, runs)
    else:
        confirm(results, size, Path(a.bin), a.repeats)


FIT_TARGETS = ["synthetic_logistic", "synthetic_multinomial", "synthetic_least_squares", "digits", "synthetic_poisson"]


def confirm(results, size, bin_dir, repeats):
    """A second pass over the runs that decide the targets — Hessian's default and fastest solver, the
    fastest peer and the fastest peer at coefficient error ≤ 1e-6 of every fit target, and both sides of
    the log-det targets — measured again, interleaved, after everything else. The report keeps, for each
    of these runs, the lower of the two medians (both sides get the same two chances on a shared machine)."""
    runs_path = results / "runs.jsonl"
    recs = [json.loads(l) for l in runs_path.read_text().splitlines() if l.strip()]
    runs = [r for r in recs if r.get("kind") == "run"]
    data = BENCH / "data" / size
    manifest = json.loads((data / "problems.json").read_text())
    names = [p["name"] for p in manifest["problems"]]
    precision = sorted([n for n in names if n.startswith("precision_") and not n.startswith("precision_dense")],
                       key=lambda n: int(n.split("_")[-1]))
    dense = [n for n in names if n.startswith("precision_dense")]
    picks = []

    def fastest(cands):
        return min(cands, key=lambda r: r["median"], default=None)

    different = {("scikit-learn", "liblinear"), ("scikit-learn", "linear-regression")}
    for prob in FIT_TARGETS:
        rs = [r for r in runs if r["problem"] == prob]
        h = [r for r in rs if r["side"] == "hessian"]
        p = [r for r in rs if r["side"] == "python" and (r["library"], r["solver"]) not in different
             and r["library"] != "statsmodels"]
        pm = [x for x in p if x.get("coef_error", 1) <= 1e-6]
        cands = [next((x for x in h if x.get("default")), None), fastest([x for x in h if x.get("coef_error", 1) <= 1e-6]),
                 fastest(p), fastest(pm)]
        # Peers that an unlucky first pass may have hidden: their fastest single fit beat the best median.
        for group in (p, pm):
            best = fastest(group)
            cands += [x for x in group if best and min(x["times"]) < best["median"]]
        for r in cands:
            if r is not None and r not in picks and not r.get("confirmation"):
                picks.append(r)
    for prob, hs, ps in ([(precision[-1], "newton", "eigh-closed-form")] if precision else []) + \
                        ([(dense[-1], "newton-dense", "trust-exact")] if dense else []):
        for r in runs:
            if r["problem"] == prob and r["solver"] in (hs, ps):
                picks.append(r)
    R = Runner(runs_path, results / "stderr.log")
    bench_bin = bin_dir / "hessian-bench"
    log(f"confirmation pass: {len(picks)} runs")
    for r in picks:
        if r["side"] == "hessian":
            R.run([bench_bin, "run", "--data", data, "--problem", r["problem"], "--solver", r["solver"], "--repeats", repeats],
                  dict(problem=r["problem"], side="hessian", library="hessian", solver=r["solver"], confirmation=True))
        else:
            lib = {"scikit-learn": "sklearn"}.get(r["library"], r["library"])
            R.run([PY, HERE / "peers.py", "--size", size, "--problem", r["problem"], "--peer", f"{lib}:{r['solver']}",
                   "--repeats", repeats],
                  dict(problem=r["problem"], side="python", library=r["library"], solver=r["solver"], confirmation=True))
    report(results, size, runs_path)


def whole_process(R, runs, csv, fit_bin, a):
    """`fit` on the CSV against pandas.read_csv + the fastest peer on the same problem, each a whole process."""
    peer_runs = [r for r in R.records if r.get("kind") == "run" and r.get("problem") == "synthetic_logistic"
                 and r.get("side") == "python" and r.get("library") in ("scikit-learn", "scipy")]
    best = min(peer_runs, key=lambda r: r["median"], default=None)
    best_peer = ({"scikit-learn": "sklearn"}.get(best["library"], best["library"]) + ":" + best["solver"]) if best else "scipy:newton-cg"
    tmp = BENCH / "results" / ".tmp"
    tmp.mkdir(exist_ok=True)
    sides = []
    if fit_bin.exists() and not a.skip_hessian:
        sides.append(("hessian", "fit --model logistic --l2 1 (default solver)",
                      [fit_bin, "--model", "logistic", "--l2", "1", "--target", "y", csv, "--output", tmp / "fit-model.json"]))
    if not a.skip_peers:
        sides.append(("python", f"pandas.read_csv + {best_peer}",
                      [PY, HERE / "peers.py", "--whole-process", csv, "--peer", best_peer, "--out", tmp / "peer-coef.txt"]))
    for side, what, cmd in sides:
        times, rss, rc, err = timed_process(cmd, repeats=5)
        rec = dict(kind="whole_process", side=side, what=what, command=" ".join(map(str, cmd)).replace(str(ROOT) + "/", ""),
                   times=times, median=median(times), peak_rss_mb=max(rss), exit=rc, error=err[-500:] if rc else "")
        R.records.append(rec)
        with open(runs, "a") as f:
            f.write(json.dumps(rec) + "\n")
        log(f"whole process {side}: {median(times):.2f} s (exit {rc})")
    shutil.rmtree(tmp, ignore_errors=True)


def machine_info():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = ""
    try:
        blas = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "libopenblas0-pthread", "libopenblas0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip().replace("\n", ", ")
    except OSError:
        pass
    swift = ""
    try:
        swift = subprocess.run(["swift", "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        pass
    return dict(cpu=cpu, cores=os.cpu_count(), memory_gb=round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
                system_openblas=blas, swift=swift)


def report(results, size, runs=None):
    subprocess.run([PY, HERE / "report.py", "--runs", runs or (results / "runs.jsonl"), "--out", results], check=True, env=ENV)


if __name__ == "__main__":
    main()
