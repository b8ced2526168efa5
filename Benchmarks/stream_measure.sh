#!/bin/sh
# Peak RSS and whole-process time of streamed vs in-memory fits (issue 14), alternating runs.
# Data: python3 Benchmarks/python/stream_csv.py (writes Benchmarks/data/stream/*.csv).
# Usage: Benchmarks/stream_measure.sh [rounds]   (after swift build -c release)
set -eu
cd "$(dirname "$0")/.."
FIT=.build/release/fit
D=Benchmarks/data/stream
ROUNDS=${1:-3}
run() {  # label, then the fit arguments
    label=$1; shift
    /usr/bin/time -f "%e %M" -o /tmp/stream_measure.$$ "$FIT" "$@" > /dev/null 2>&1 || true
    read -r secs kb < /tmp/stream_measure.$$
    echo "$label $secs s $(awk "BEGIN{printf \"%.1f\", $kb/1024}") MiB"
}
for r in $(seq "$ROUNDS"); do
    run logistic-memory   --model logistic --l2 1 "$D/logistic.csv"
    run logistic-stream   --model logistic --l2 1 "$D/logistic.csv" --stream
    run logistic-reparse  --model logistic --l2 1 "$D/logistic.csv" --stream --no-spill
    run lsq-stream        --model least-squares "$D/least_squares.csv" --stream
done
rm -f /tmp/stream_measure.$$
