#!/usr/bin/env bash
# MPI tests: fit-mpi under `mpirun -np 2` and `-np 3` gives the single-process fit's
# coefficients to 1e-10 and standard errors to 1e-8 (least squares, logistic, multinomial with and
# without a penalty, a formula with --missing drop, Poisson with an offset, weighted NB), and
# a malformed row in the second rank's byte range gives exactly one message and a non-zero exit
# (under a timeout, so a hang fails). Needs Open MPI: run `make mpi` first (it builds
# .build-mpi/debug/fit-mpi); run from the package root.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIFIT=${MPIFIT:-.build-mpi/debug/fit-mpi}
FIT=${FIT:-.build/debug/fit}
[ -x "$MPIFIT" ] || { echo "mpi-tests: $MPIFIT missing; run make mpi" >&2; exit 1; }
[ -x "$FIT" ] || swift build --product fit
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
failures=0

# Largest relative coefficient (and scaled standard-error) difference of two fit JSON files.
compare() { python3 .ci/mpi-compare.py "$1" "$2"; }

# Data in awkward units (stdlib only): a house-price target near 2·10⁵, the same target times
# 10⁻¹², counts near 5·10⁴, a feature of magnitude 10⁻²⁰⁰ and frequency weights of 10⁻⁹.
python3 - "$tmp" <<'PY'
import math, random, sys
d = sys.argv[1]
r = random.Random(7)
with open(f"{d}/house.csv", "w") as h, open(f"{d}/tiny.csv", "w") as t, open(f"{d}/counts.csv", "w") as c:
    h.write("income,age,rooms,latitude,price\n"); t.write("income,age,rooms,latitude,price\n"); c.write("a,b,w,count\n")
    for _ in range(3000):
        inc, age, rooms, lat = math.exp(1.2 + 0.45 * r.gauss(0, 1)), r.randint(1, 52), math.exp(1.6 + 0.25 * r.gauss(0, 1)), r.uniform(32.5, 42)
        y = min(500001, max(15000, round(-2e6 + 4e4 * inc + 1e3 * age - 1e4 * rooms + 5e4 * lat + 7e4 * r.gauss(0, 1))))
        h.write(f"{inc!r},{age},{rooms!r},{lat!r},{y}\n"); t.write(f"{inc!r},{age},{rooms!r},{lat * 1e-200!r},{y * 1e-12!r}\n")
        a, b = r.uniform(-1, 1), r.uniform(-1, 1)
        m = 5e4 * math.exp(0.1 * a - 0.2 * b)
        c.write(f"{a!r},{b!r},1e-9,{round(m + math.sqrt(m) * r.gauss(0, 1))}\n")
PY

cases=(
  "least-squares $tmp/house.csv"
  "least-squares --summary $tmp/tiny.csv"
  "poisson --summary --target count --features a,b $tmp/counts.csv"
  "poisson --target count --weights w $tmp/counts.csv"
  "least-squares Datasets/diabetes.csv"
  "least-squares --l2 2 --standardize Datasets/diabetes.csv"
  "logistic --l2 1 --standardize Datasets/breast_cancer.csv"
  "multinomial --l2 0.5 Datasets/iris.csv"
  "multinomial --target PID Datasets/anes96.csv"
  "least-squares --summary --formula invest~value+capital+firm --missing drop Tests/References/Formula/grunfeld_missing.csv"
  "poisson --summary --target mdvis --features lncoins,idp --offset lpi Datasets/randhie.csv"
  "negative-binomial --summary --target mdvis --features lncoins,idp,physlm --weights hlthg Datasets/randhie.csv"
  "least-squares --target invest --features value,capital --cluster firm Datasets/grunfeld.csv"
)
for c in "${cases[@]}"; do
    read -r -a args <<< "$c"
    "$FIT" --format json --model "${args[@]}" > "$tmp/single.json"
    for k in 2 3; do
        if ! timeout 120 mpirun --oversubscribe -np "$k" "$MPIFIT" --format json --model "${args[@]}" > "$tmp/mpi.json"; then
            echo "FAIL np=$k $c: fit-mpi failed"; failures=$((failures + 1)); continue
        fi
        d=$(compare "$tmp/single.json" "$tmp/mpi.json") || { echo "FAIL np=$k $c: outputs differ in shape"; failures=$((failures + 1)); continue; }
        if python3 -c "import sys; sys.exit(0 if float('$d') <= 1e-10 else 1)"; then
            echo "ok   np=$k $c (max rel diff $d)"
        else
            echo "FAIL np=$k $c: max rel diff $d > 1e-10"; failures=$((failures + 1))
        fi
    done
done

# A malformed row (a text cell, then a short row) in the second rank's byte range (rank 1 of
# 2 holds lines ~222–443 of diabetes.csv, rank 1 of 3 lines ~149–295).
for kind in text short; do
  for k in 2 3; do
    line=$([ $k -eq 2 ] && echo 400 || echo 220)
    if [ $kind = text ]; then awk -F, -v OFS=, -v l=$line 'NR==l{$3="abc"}1' Datasets/diabetes.csv > "$tmp/bad.csv"
    else awk -v l=$line 'NR==l{print "1,2,3"; next}1' Datasets/diabetes.csv > "$tmp/bad.csv"; fi
    "$FIT" --model least-squares "$tmp/bad.csv" 2> "$tmp/single.err" && true
    set +e
    timeout 120 mpirun --oversubscribe -np "$k" "$MPIFIT" --model least-squares "$tmp/bad.csv" > /dev/null 2> "$tmp/mpi.err"
        rc=$?
        set -e
        n=$(grep -c '^fit-mpi: ' "$tmp/mpi.err" || true)
        if [ $rc -eq 124 ]; then echo "FAIL np=$k bad row ($kind): hang (timeout)"; failures=$((failures + 1))
        elif [ $rc -eq 0 ] || [ "$n" -ne 1 ] || ! grep -q "^fit-mpi: .*row $line" "$tmp/mpi.err"; then
            echo "FAIL np=$k bad row ($kind): status $rc, $n messages"; cat "$tmp/mpi.err"; failures=$((failures + 1))
        elif [ "$(grep '^fit-mpi: ' "$tmp/mpi.err" | sed 's/^fit-mpi: //')" != "$(sed 's/^fit: //' "$tmp/single.err")" ]; then
            echo "FAIL np=$k bad row ($kind): message differs from fit's"; cat "$tmp/mpi.err" "$tmp/single.err"; failures=$((failures + 1))
        else
            echo "ok   np=$k bad row ($kind, line $line): one message, status $rc"
        fi
  done
done

# One stray text cell in a formula's numeric column, in the last rank's byte range: the same one
# message as fit (the tallies of every rank are combined before the column is read as categorical).
awk -F, -v OFS=, 'NR==400{$3="oops"}1' Datasets/diabetes.csv > "$tmp/stray.csv"
formula="progression ~ $(head -1 Datasets/diabetes.csv | cut -d, -f1-4 | sed 's/,/ + /g')"
"$FIT" --model least-squares --formula "$formula" "$tmp/stray.csv" 2> "$tmp/single.err" && true
for k in 2 3; do
    set +e
    timeout 120 mpirun --oversubscribe -np "$k" "$MPIFIT" --model least-squares --formula "$formula" "$tmp/stray.csv" > /dev/null 2> "$tmp/mpi.err"
    rc=$?
    set -e
    if [ $rc -ne 65 ] || [ "$(grep '^fit-mpi: ' "$tmp/mpi.err" | sed 's/^fit-mpi: //')" != "$(sed 's/^fit: //' "$tmp/single.err")" ]; then
        echo "FAIL np=$k stray text cell: status $rc"; cat "$tmp/mpi.err" "$tmp/single.err"; failures=$((failures + 1))
    else
        echo "ok   np=$k stray text cell: fit's message, status 65"
    fi
done

[ $failures -eq 0 ] || { echo "mpi-tests: $failures failures"; exit 1; }
echo "mpi-tests: all passed"
