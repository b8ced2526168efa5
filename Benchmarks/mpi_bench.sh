#!/usr/bin/env bash
# fit-mpi under `mpirun -np 2` (one thread per rank) against one `fit` process with two threads,
# whole-process wall time, alternating rounds, medians. Usage:
#   Benchmarks/mpi_bench.sh DATA_DIR [ROUNDS]
# DATA_DIR holds logistic.csv (200k×100, Benchmarks/python/datasets.py) and least_squares.csv
# (500k×200, Benchmarks/python/stream_csv.py). Needs `make mpi` and `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?data directory}; rounds=${2:-3}
FIT=${FIT:-.build/release/fit}; MPIFIT=${MPIFIT:-.build-mpi/release/fit-mpi}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
run() {  # name, then the fit options
    local name=$1; shift
    : > "$tmp/single"; : > "$tmp/mpi"
    for r in $(seq "$rounds"); do
        t0=$(now); "$FIT" --format json "$@" > "$tmp/s.json"; t1=$(now)
        echo "$t1 - $t0" | bc >> "$tmp/single"
        t0=$(now); HESSIAN_THREADS=1 mpirun -np 2 --bind-to core "$MPIFIT" --format json "$@" > "$tmp/m.json"; t1=$(now)
        echo "$t1 - $t0" | bc >> "$tmp/mpi"
    done
    s=$(median < "$tmp/single"); m=$(median < "$tmp/mpi")
    d=$(python3 -c "
import json
a, b = (json.load(open(p)) for p in ('$tmp/s.json', '$tmp/m.json'))
f = lambda c: [v for r in c for v in (r if isinstance(r, list) else [r])]
print(max(abs(x - y) / max(1, abs(x)) for x, y in zip(f(a['coefficients']), f(b['coefficients']))), a['iterations'], b['iterations'])")
    printf '%-14s fit 2 threads %6.2f s   mpirun -np 2 fit-mpi %6.2f s   ratio %.2f   max rel coef diff, iterations: %s\n' \
        "$name" "$s" "$m" "$(echo "$m / $s" | bc -l)" "$d"
}
run logistic --model logistic --l2 1 --target y "$data/logistic.csv"
run least-squares --model least-squares --target y "$data/least_squares.csv"
