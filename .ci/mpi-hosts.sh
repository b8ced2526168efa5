#!/usr/bin/env bash
# fit-mpi across three hosts. Three network namespaces joined by a bridge stand in for three
# machines (each has only `lo` and one veth link with an address in 10.200.0.0/24, so no packet
# can leave them); mpirun starts in the first and launches one rank per namespace over Open MPI's
# TCP transport, reaching the other two through an rsh agent that enters the namespace of the
# host it is given where ssh would log in. The namespaces share this machine's file system, so
# the binary, the data and the --output path are the same on every host, as on a cluster with a
# shared home directory.
#
# Checks (each failure makes the script exit non-zero):
#   1. the three ranks run one per namespace (rank r on host r+1, under its host name and address);
#   2. least squares, logistic, multinomial and Poisson fits of bundled datasets give the
#      coefficients of the single-process fit to 1e-10 relative (standard errors to 1e-8);
#   3. a rank killed with SIGKILL in the middle of a fit (rank 1 on host 2; then rank 0, beside
#      mpirun, the rank that writes --output): every rank and daemon ends within KILL_TIMEOUT
#      seconds, mpirun exits non-zero, the user gets one line naming the lost rank and its host
#      and no report per rank, and no --output file (or temporary file) is left.
# The namespaces (and with them their links) are removed on exit, on failure and on interrupt;
# leftovers of an interrupted earlier run are removed first, and a lock serializes concurrent runs
# (they would use the same names and addresses).
#
# Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) for `ip netns`; where namespaces, veth links or a
# bridge cannot be created (an unprivileged container), it says which command failed and why and
# exits 77 (skipped). Run `make mpi MPI_CONFIGS=debug` first, or use `make mpi-hosts`.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
SKIPPED=77
KILL_TIMEOUT=${KILL_TIMEOUT:-20}
MPIFIT=$(realpath -m "${MPIFIT:-.build-mpi/debug/fit-mpi}")
FIT=$(realpath -m "${FIT:-.build/debug/fit}")
[ -x "$MPIFIT" ] || { echo "mpi-hosts: $MPIFIT missing; run make mpi MPI_CONFIGS=debug" >&2; exit 1; }
[ -x "$FIT" ] || swift build --product fit
command -v mpirun >/dev/null && command -v orted >/dev/null \
    || { echo "mpi-hosts: mpirun or orted not on PATH; run make mpi" >&2; exit 1; }

# Names and addresses: host i (1…3) is namespace $PREFIX-h$i with address $NET.i on its eth0;
# the bridge br0 lives in its own namespace $PREFIX-sw, one port per host.
PREFIX=hessian-mpi
NET=10.200.0
HOSTS=(1 2 3)
SWITCH=$PREFIX-sw
ns() { echo "$PREFIX-h$1"; }
namespaces() { echo "$SWITCH"; for i in "${HOSTS[@]}"; do ns "$i"; done; }

skip() { echo "mpi-hosts: SKIPPED: $*" >&2; exit $SKIPPED; }
command -v ip >/dev/null || skip "the ip command (iproute2) is not installed"

# One run at a time: two runs would create and delete the same namespaces under each other.
{ exec 9> /run/lock/hessian-mpi-hosts.lock; } 2>/dev/null || exec 9> /tmp/hessian-mpi-hosts.lock
flock -w 600 9 || { echo "mpi-hosts: another run holds the lock for more than 600 s" >&2; exit 1; }

# Ends every process inside this script's namespaces (daemons or ranks a failed check left
# behind; only this script starts processes there).
kill_hosts() {
    local n p
    for n in $(namespaces); do
        [ -e "/run/netns/$n" ] || continue
        for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    done
}
# Removes this script's namespaces, after their processes; deleting a namespace deletes the veth
# ends and the bridge inside it. Quiet and idempotent.
teardown() {
    local n
    kill_hosts
    for n in $(namespaces); do
        [ -e "/run/netns/$n" ] && { ip netns delete "$n" 2>/dev/null || true; }
    done
    return 0
}
tmp=$(mktemp -d)
cleanup() { teardown; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
teardown

# Runs one network-setup command; a failure means this environment cannot build the network, so
# the script is skipped with that command and its error.
net() {
    local err
    err=$("$@" 2>&1) || skip "cannot build the three-host network here: \`$*\` failed: ${err:-no message}"
}
net ip netns add "$SWITCH"
net ip -n "$SWITCH" link add br0 type bridge
net ip -n "$SWITCH" link set lo up
net ip -n "$SWITCH" link set br0 up
for i in "${HOSTS[@]}"; do
    h=$(ns "$i")
    net ip netns add "$h"
    # Both ends are created inside namespaces: the veth never appears in this machine's own
    # network namespace, and its names cannot clash with other links there.
    net ip -n "$SWITCH" link add "port$i" type veth peer name eth0 netns "$h"
    net ip -n "$SWITCH" link set "port$i" master br0 up
    net ip -n "$h" link set lo up
    net ip -n "$h" addr add "$NET.$i/24" dev eth0
    net ip -n "$h" link set eth0 up
done

# Each host runs its commands as a machine of its own would: in its network namespace, under its
# own host name (a private UTS namespace; Open MPI names its session directory and identifies
# nodes by host name, so three daemons sharing one name would collide) and with its own TMPDIR
# under $tmp (a machine's own /tmp, removed with $tmp even when a killed job leaves files there).
# `enter I COMMAND…` runs COMMAND on host I.
enter() {
    local h; h=$(ns "$1"); shift
    mkdir -p "$tmp/$h"
    ip netns exec "$h" env TMPDIR="$tmp/$h" unshare --uts /bin/sh -c 'echo "$0" > /proc/sys/kernel/hostname && exec "$@"' "$h" "$@"
}
net enter 1 true   # ip netns exec remounts /sys; unshare makes a UTS namespace

# Waits until host 1 reaches hosts 2 and 3 (a connection to a closed port is refused at once
# once the bridge forwards; before, it times out).
reachable() {
    local out
    out=$(ip netns exec "$(ns 1)" timeout 2 bash -c "exec 3<>/dev/tcp/$1/9" 2>&1) && return 0
    [[ $out == *refused* ]]
}
for i in "${HOSTS[@]:1}"; do
    for _ in $(seq 50); do reachable "$NET.$i" && break; sleep 0.1; done
    reachable "$NET.$i" || { echo "mpi-hosts: FAIL: $(ns 1) does not reach $NET.$i over the bridge" >&2; exit 1; }
done

# The rsh agent: mpirun calls it as `agent [ssh options] HOST COMMAND…` to start orted on HOST (a
# hostfile address). Like sshd on HOST it runs COMMAND, one string, with sh -c, entering the host
# as `enter` does. `ip netns exec` keeps the caller's environment, so orted (and fit-mpi's
# libraries) resolve through mpirun's own PATH and LD_LIBRARY_PATH; across real machines ssh
# starts a fresh login environment instead, which is what mpirun's --prefix is for.
for i in "${HOSTS[@]}"; do echo "$NET.$i $(ns "$i")"; done > "$tmp/namespaces"
cat > "$tmp/agent" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
here=$(dirname "$0")
while [[ ${1-} == -* ]]; do shift; done
host=$1; shift
ns=$(awk -v h="$host" '$1 == h { print $2 }' "$here/namespaces")
[ -n "$ns" ] || { echo "mpi-hosts agent: unknown host $host" >&2; exit 255; }
mkdir -p "$here/$ns"
exec ip netns exec "$ns" env TMPDIR="$here/$ns" unshare --uts /bin/sh -c 'echo "$0" > /proc/sys/kernel/hostname && exec /bin/sh -c "$1"' "$ns" "$*"
EOF
chmod +x "$tmp/agent"
for i in "${HOSTS[@]}"; do echo "$NET.$i slots=1"; done > "$tmp/hostfile"

# mpirun in host 1 with one rank per host. pml ob1 with btl tcp,self: rank-to-rank messages go
# over TCP (not UCX or shared memory, which would bypass the links); both the MPI messages and
# mpirun's own out-of-band channel are confined to the namespaces' subnet. One thread per rank,
# as the three "hosts" share this machine's cores. Under a timeout, so a hang fails.
mpirun_hosts() {
    enter 1 timeout 120 mpirun --hostfile "$tmp/hostfile" -np ${#HOSTS[@]} --map-by node \
        --mca plm_rsh_agent "$tmp/agent" --mca pml ob1 --mca btl tcp,self \
        --mca btl_tcp_if_include "$NET.0/24" --mca oob_tcp_if_include "$NET.0/24" \
        -x HESSIAN_THREADS=1 "$@"
}

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
started=$(date +%s.%N)
elapsed() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

# 1. One rank per host: each rank prints its rank, host name and eth0 address.
mpirun_hosts sh -c 'echo "$OMPI_COMM_WORLD_RANK $(uname -n) $(ip -4 -o addr show dev eth0 | awk "{print \$4}")"' \
    > "$tmp/placement" 2>&1 || true
expected=$(for i in "${HOSTS[@]}"; do echo "$((i - 1)) $(ns "$i") $NET.$i/24"; done)
if [ "$(sort "$tmp/placement")" = "$expected" ]; then
    echo "ok   placement: rank r on host $PREFIX-h(r+1) at $NET.(r+1), one rank per namespace"
else
    fail "placement: expected ranks 0-2 on $NET.1-3, got:"; cat "$tmp/placement"
fi

# 2. Coefficients equal to the single-process fit.
cases=(
  "least-squares Datasets/diabetes.csv"
  "logistic --l2 1 --standardize Datasets/breast_cancer.csv"
  "multinomial --l2 0.5 Datasets/iris.csv"
  "poisson --summary --target mdvis --features lncoins,idp --offset lpi Datasets/randhie.csv"
)
for c in "${cases[@]}"; do
    read -r -a args <<< "$c"
    "$FIT" --format json --model "${args[@]}" > "$tmp/single.json"
    t0=$(date +%s.%N)
    if ! mpirun_hosts "$MPIFIT" --format json --model "${args[@]}" > "$tmp/mpi.json" 2> "$tmp/mpi.err"; then
        fail "3 hosts $c: fit-mpi failed"; cat "$tmp/mpi.err"; continue
    fi
    d=$(python3 .ci/mpi-compare.py "$tmp/single.json" "$tmp/mpi.json") \
        || { fail "3 hosts $c: outputs differ in shape"; continue; }
    if python3 -c "import sys; sys.exit(0 if float('$d') <= 1e-10 else 1)"; then
        echo "ok   3 hosts $c (max rel diff $d, $(elapsed "$t0") s)"
    else
        fail "3 hosts $c: max rel diff $d > 1e-10"
    fi
done

# 3. A rank killed in the middle of a fit. The data: 60000 rows of ten correlated features and a
# 0/1 label (seeded, so every run fits the same file); gradient descent with an unreachable
# tolerance iterates until stopped, so the kill lands inside the solver's exchanges. --trace
# tells when the solver has started.
python3 - "$tmp/slow.csv" <<'PY'
import math, random, sys
random.seed(20)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"x{j}" for j in range(10)) + ",y\n")
    for _ in range(60000):
        z = random.gauss(0, 1)
        x = [3 * z + (j + 1) * random.gauss(0, 1) for j in range(10)]
        eta = 0.3 * x[0] - 0.2 * x[1] + 0.01 * sum(x[2:])
        y = 1 if random.random() < 1 / (1 + math.exp(-eta)) else 0
        f.write(",".join(f"{v:.6g}" for v in x) + f",{y}\n")
PY
# `kill_rank R`: starts that fit, SIGKILLs rank R (the one fit-mpi process on host R+1) once the
# solver iterates, and checks how the job ends.
kill_rank() {
    local r=$1 h=$(($1 + 1)) job victims p c i rc hung killed ended left named per_rank hangups
    rm -rf "$tmp/out"; mkdir "$tmp/out"
    mpirun_hosts "$MPIFIT" --model logistic --solver gradient-descent --tol 1e-300 --max-iter 100000000 --trace \
        --output "$tmp/out/model.json" "$tmp/slow.csv" > "$tmp/kill.out" 2> "$tmp/kill.err" &
    job=$!
    for _ in $(seq 600); do grep -q '^iter' "$tmp/kill.err" && break; kill -0 $job 2>/dev/null || break; sleep 0.2; done
    sleep 1
    victims=()
    for p in $(ip netns pids "$(ns $h)"); do [ "$(cat "/proc/$p/comm" 2>/dev/null)" = fit-mpi ] && victims+=("$p"); done
    if ! kill -0 $job 2>/dev/null || ! grep -q '^iter' "$tmp/kill.err" || [ ${#victims[@]} -ne 1 ]; then
        fail "kill rank $r: the fit was not running on three hosts when the rank was to be killed (fit-mpi on host $h: ${victims[*]:-none})"
        kill_hosts; wait $job || true; grep -v '^iter' "$tmp/kill.err" || true
        return
    fi
    kill -KILL "${victims[0]}"
    killed=$(date +%s.%N)
    # Every rank must end within KILL_TIMEOUT seconds: wait for mpirun, then for the namespaces
    # to hold no fit-mpi or orted.
    for _ in $(seq $((KILL_TIMEOUT * 10))); do kill -0 $job 2>/dev/null || break; sleep 0.1; done
    hung=0
    if kill -0 $job 2>/dev/null; then
        fail "kill rank $r: mpirun still running ${KILL_TIMEOUT} s after the kill (hang)"
        hung=1; kill_hosts
    fi
    rc=0; wait $job || rc=$?
    ended=$(elapsed "$killed")
    for _ in $(seq 20); do
        left=()
        for i in "${HOSTS[@]}"; do
            for p in $(ip netns pids "$(ns "$i")"); do
                c=$(cat "/proc/$p/comm" 2>/dev/null) || continue
                [[ $c == fit-mpi || $c == orted ]] && left+=("$c@$(ns "$i")")
            done
        done
        [ ${#left[@]} -eq 0 ] && break; sleep 0.1
    done
    [ ${#left[@]} -eq 0 ] || fail "kill rank $r: processes left after mpirun ended: ${left[*]}"
    # What the user sees: everything on stderr but the trace lines. Open MPI 4.1 has no fault
    # tolerance, so no rank regains control to report: the survivors' TCP transport aborts them
    # when the connection to the lost rank breaks, or mpirun ends them. The message is mpirun's
    # line naming the lost rank, its host (the hostfile address, or the host name on mpirun's own
    # host) and the signal; around it come at most mpirun's "job aborted" notice and one "peer
    # disconnected" notice from a survivor's transport, which mpirun aggregates across ranks. A
    # message per rank (a fit-mpi line, an error-handler report "*** An error occurred in
    # MPI_Allgather", a second peer notice) fails the check.
    grep -v '^iter' "$tmp/kill.err" > "$tmp/kill.msg" || true
    named=$(grep -c -E "process rank $r with PID [0-9]+ on node ($NET.$h|$(ns $h)) exited on signal 9" "$tmp/kill.msg" || true)
    per_rank=$(grep -c -E '^fit-mpi|\*\*\* ' "$tmp/kill.msg" || true)
    hangups=$(grep -c '^ *Local PID:' "$tmp/kill.msg" || true)
    if [ $hung -eq 1 ]; then
        cat "$tmp/kill.msg"
    elif [ $rc -eq 0 ] || [ $rc -eq 124 ]; then
        fail "kill rank $r: mpirun exit status $rc (want non-zero, not the timeout's 124)"
    elif [ "$named" -ne 1 ] || [ "$per_rank" -ne 0 ] || [ "$hangups" -gt 1 ]; then
        fail "kill rank $r: want one line naming rank $r on host $h (got $named), no per-rank report (got $per_rank lines), at most one peer notice (got $hangups):"
        cat "$tmp/kill.msg"
    elif [ -n "$(ls -A "$tmp/out")" ]; then
        fail "kill rank $r: --output left files: $(ls -A "$tmp/out")"
    else
        echo "ok   kill rank $r (SIGKILL on host $h at iteration $(grep -c '^iter' "$tmp/kill.err")): every rank ended ${ended} s later, status $rc, no output file; the message:"
        grep 'noticed that process rank' "$tmp/kill.msg" | sed 's/^/       /'
        echo "       (stderr without the trace: $(wc -l < "$tmp/kill.msg") lines, $hangups peer notice)"
    fi
}
# Rank 1, on a host of its own; then rank 0, beside mpirun, the rank that would write --output.
kill_rank 1
kill_rank 0

echo "mpi-hosts: $failures failures ($(elapsed "$started") s)"
[ $failures -eq 0 ]
