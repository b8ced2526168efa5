#!/usr/bin/env bash
# The benchmark suite in one command (see Benchmarks/README.md):
#   Benchmarks/run.sh            full sizes → Benchmarks/results/latest.md, convergence.png, runs.jsonl
#   Benchmarks/run.sh --quick    small sizes (≈ 2 min) → Benchmarks/results/quick/
# Other arguments go to python/bench.py (--only PROBLEM,…  --skip-peers  --skip-hessian  --report-only).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
threads="${HESSIAN_BENCH_THREADS:-2}"
export HESSIAN_BENCH_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    echo "[run.sh] creating $venv"
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import sklearn, statsmodels, scipy, numpy, pandas, matplotlib, threadpoolctl" 2>/dev/null; then
    echo "[run.sh] installing the peers into $venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet scikit-learn statsmodels scipy numpy pandas matplotlib threadpoolctl
fi

if [[ " $* " != *" --report-only "* ]]; then
    echo "[run.sh] swift build -c release"
    (cd "$root" && swift build -c release --product hessian-bench && swift build -c release --product fit)
fi
exec "$venv/bin/python" "$here/python/bench.py" "$@"
