#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh: run bench_<x> natively, under ringfence (several ways) and runsc; print a comparison.
#
# usage: bench/run.sh [--quick] [--json FILE] [BUILD_DIR]     (BUILD_DIR defaults to "build")
#
# Columns: native | ringfence | ringfence-pinned (taskset to one CPU) |
# runsc-ptrace | rf/native | rf/runsc. Every cell is the median of 3 runs.
# If ringfence has --no-pin (it pins itself to one CPU by default), it is also
# run with --no-pin and a second table shows what pinning buys. runsc is run a
# second time pinned to the same CPU (taskset), and a third table compares with that.
# Micro-benchmarks report ns per operation (timed inside the guest, so
# sandbox start-up is excluded); pipe_throughput is shown as MB/s and its
# ratios compare throughput; "startup" is wall ms per start of
# bench_true_static, timed from this script. A "targets" block says PASS or
# MISS for the goals of issue 5. This is a report: it never judges absolute
# times, and a MISS does not change the exit status.
#
# exit status: 0 report printed; 1 ringfence or a benchmark binary missing;
# 2 usage error; 3 report printed but some ringfence runs failed ("fail" cells).
#
# environment: RF_BENCH_TIMEOUT  seconds before one guest run is killed (default 120)
#              RUNSC             runsc binary (default: runsc on PATH)
set -euo pipefail

usage() {
    if [ "${1:-2}" -eq 0 ]; then
        sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//'
    else
        sed -n '5p' "$0" | sed 's/^# //' >&2
    fi
    exit "${1:-2}"
}

quick=0
json_file=""
build_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) quick=1 ;;
    --json)
        [ $# -ge 2 ] || usage
        json_file="$2"
        shift
        ;;
    --json=*) json_file="${1#--json=}" ;;
    -h | --help) usage 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *)
        [ -z "$build_dir" ] || usage
        build_dir="$1"
        ;;
    esac
    shift
done
build_dir="${build_dir:-build}"
if [ -n "$json_file" ] && [ ! -w "$(dirname -- "$json_file")" ]; then
    echo "run.sh: cannot write --json file $json_file" >&2
    exit 2
fi

if [ ! -d "$build_dir" ]; then
    echo "run.sh: build directory '$build_dir' does not exist (meson setup $build_dir && ninja -C $build_dir)" >&2
    exit 1
fi
build_dir="$(cd "$build_dir" && pwd)"
rf="$build_dir/ringfence"
bench_dir="$build_dir/bench"
if [ ! -x "$rf" ]; then
    echo "run.sh: ringfence is missing: $rf is not an executable (build it with: ninja -C $build_dir)" >&2
    exit 1
fi

benches=(getpid clock_gettime open_read_close stat mmap_touch compute
    fork_exit_wait fork_exec_wait fork_big pipe_pingpong pipe_sleepers pipe_throughput
    signal_roundtrip)
# Extra guest arguments after the count. fork_exec_wait execs this static
# `true`; the root is / under every runner, so the host path works inside.
declare -A bench_args=([fork_exec_wait]="$bench_dir/bench_true_static")
# Rows reported as throughput: bytes per operation (one op = one write).
declare -A op_bytes=([pipe_throughput]=65536)
for b in "${benches[@]}" true_static; do
    if [ ! -x "$bench_dir/bench_$b" ]; then
        echo "run.sh: $bench_dir/bench_$b is missing (build it with: ninja -C $build_dir)" >&2
        exit 1
    fi
done

# Sizing. Each (benchmark, runner) pair is first probed once with a small
# count; the timed runs then use count = target / probed ns-per-op, so every
# runner spends about the same wall time per run (~0.5 s, ~0.1 s with
# --quick) even though sandboxes are 10-1000x slower per syscall.
# The process benchmarks (fork, exec, pipes and signals between two
# processes) cost up to milliseconds per op under a sandbox and vary more
# from op to op, so they never aim below 0.3 s, not even with --quick, and
# get a second probe sized to half of that: a probe of a few ops is
# dominated by first-op costs and noise (we saw it read 2x the steady state
# under ringfence), which would undersize the timed runs.
declare -A probe_iters=(
    [getpid]=500 [clock_gettime]=500 [open_read_close]=100 [stat]=200
    [mmap_touch]=20 [compute]=100
    [fork_exit_wait]=10 [fork_exec_wait]=5 [fork_big]=5 [pipe_pingpong]=100 [pipe_sleepers]=100
    [pipe_throughput]=20 [signal_roundtrip]=50
)
declare -A min_target_ns=(
    [fork_exit_wait]=300000000 [fork_exec_wait]=300000000 [fork_big]=300000000
    [pipe_pingpong]=300000000 [pipe_sleepers]=300000000
    [pipe_throughput]=300000000 [signal_roundtrip]=300000000
)
max_iters=100000000
if [ "$quick" -eq 1 ]; then
    target_ns=100000000
    starts_fast=10
    starts_runsc=3
else
    target_ns=500000000
    starts_fast=50
    starts_runsc=10
fi
repeats=3
timeout_s="${RF_BENCH_TIMEOUT:-120}"
runsc_bin="${RUNSC:-runsc}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/rf-bench.XXXXXX")"
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "run.sh: $*" >&2; }

# Pin to the first CPU we are allowed on (CPU 0 unless a cpuset says otherwise).
pin_cpu=""
if command -v taskset >/dev/null 2>&1; then
    pin_cpu="$(taskset -cp $$ 2>/dev/null | sed -n 's/.*: *\([0-9][0-9]*\).*/\1/p')"
    pin_cpu="${pin_cpu:-0}"
fi

runners=(native ringfence ringfence_nopin ringfence_pinned runsc runsc_pinned)
rf_runners=(ringfence ringfence_nopin ringfence_pinned)
declare -A runner_ok=([native]=ok [ringfence]=ok [ringfence_nopin]=ok [ringfence_pinned]=ok [runsc]=ok
    [runsc_pinned]=ok)
declare -A runner_why=()

# runner_cmd RUNNER: set the array CMD to the command prefix for RUNNER.
runner_cmd() {
    case "$1" in
    native) CMD=() ;;
    ringfence) CMD=("$rf" run --platform=ptrace --) ;;
    ringfence_nopin) CMD=("$rf" run --platform=ptrace --no-pin --) ;;
    ringfence_pinned) CMD=(taskset -c "$pin_cpu" "$rf" run --platform=ptrace --) ;;
    runsc) CMD=("$runsc_bin" --network=none --platform=ptrace "do") ;;
    runsc_pinned) CMD=(taskset -c "$pin_cpu" "$runsc_bin" --network=none --platform=ptrace "do") ;;
    *) echo "run.sh: internal error: runner $1" >&2; exit 1 ;;
    esac
}

# guest RUNNER PROG ARGS...: run one guest, stdout to $tmp/out, stderr to $tmp/err.
# stdout must stay a pipe, not a file: runsc writes a regular-file stdout at
# its own offset and would clobber it.
guest() {
    local r="$1"
    shift
    runner_cmd "$r"
    timeout -k 5 "$timeout_s" "${CMD[@]}" "$@" </dev/null 2>"$tmp/err" | cat >"$tmp/out"
    return "${PIPESTATUS[0]}"
}

show_err() {
    if [ -s "$tmp/err" ]; then
        tail -n 5 "$tmp/err" | sed 's/^/    | /' >&2
    fi
}

# one_run RUNNER BENCH COUNT: print ns/op, or fail.
one_run() {
    local r="$1" b="$2" n="$3" rc=0 v
    local -a extra=()
    [ -n "${bench_args[$b]:-}" ] && extra=("${bench_args[$b]}")
    guest "$r" "$bench_dir/bench_$b" "$n" "${extra[@]}" || rc=$?
    v="$(awk -v name="$b" '$1 == name && NF == 2 && $2 ~ /^[0-9.]+$/ { v = $2 } END { if (v != "") print v }' "$tmp/out")"
    if [ "$rc" -ne 0 ] || [ -z "$v" ]; then
        log "$b under $r failed (exit $rc$([ "$rc" -eq 124 ] && echo ", timed out after ${timeout_s}s"))"
        show_err
        return 1
    fi
    echo "$v"
}

# startup_run RUNNER STARTS: print wall ms per start of bench_true_static, or fail.
startup_run() {
    local r="$1" n="$2" i t0 t1 rc=0
    runner_cmd "$r"
    t0="$EPOCHREALTIME"
    for ((i = 0; i < n; i++)); do
        timeout -k 5 "$timeout_s" "${CMD[@]}" "$bench_dir/bench_true_static" \
            </dev/null >/dev/null 2>"$tmp/err" || { rc=$?; break; }
    done
    t1="$EPOCHREALTIME"
    if [ "$rc" -ne 0 ]; then
        log "startup under $r failed (exit $rc)"
        show_err
        return 1
    fi
    awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { printf "%.3f\n", (b - a) * 1000 / n }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
isnum() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

# size_from_probe NS_PER_OP PROBE_COUNT BENCH [DIVISOR]: iteration count
# for the timed runs, target / DIVISOR / ns_per_op, clamped to [probe, max],
# rounded to two significant digits.
size_from_probe() {
    local t="$target_ns"
    if [ -n "${min_target_ns[$3]:-}" ] && [ "${min_target_ns[$3]}" -gt "$t" ]; then
        t="${min_target_ns[$3]}"
    fi
    t=$((t / ${4:-1}))
    awk -v ns="$1" -v t="$t" -v lo="$2" -v hi="$max_iters" 'BEGIN {
        n = (ns > 0) ? t / ns : hi
        if (n < lo) n = lo
        if (n > hi) n = hi
        m = 1; while (n >= 100 * m) m *= 10
        printf "%d\n", int(n / m + 0.5) * m
    }'
}

started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
load_start="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"

# --- preflight: does each runner start at all? -----------------------------
log "build dir $build_dir; pinned runs use CPU ${pin_cpu:-n/a}"
if ! guest ringfence "$bench_dir/bench_true_static"; then
    log "ringfence cannot run bench_true_static; its columns will read 'fail'"
    show_err
    for r in "${rf_runners[@]}"; do
        runner_ok[$r]=fail
        runner_why[$r]="bench_true_static failed"
    done
fi
# ringfence pins itself to one CPU unless told --no-pin; measure that too.
if ! "$rf" --help 2>&1 | grep -q -e '--no-pin'; then
    runner_ok[ringfence_nopin]=n/a
    runner_why[ringfence_nopin]="this ringfence has no --no-pin option"
fi
if [ -z "$pin_cpu" ]; then
    runner_ok[ringfence_pinned]=n/a
    runner_why[ringfence_pinned]="taskset not found"
fi
if ! command -v "$runsc_bin" >/dev/null 2>&1; then
    log "runsc not found; its column will read n/a"
    runner_ok[runsc]=n/a
    runner_why[runsc]="runsc not found"
elif ! guest runsc "$bench_dir/bench_true_static"; then
    log "runsc cannot run bench_true_static (it needs root); its column will read n/a"
    show_err
    runner_ok[runsc]=n/a
    runner_why[runsc]="runsc failed to start a guest"
fi
# runsc on the one CPU ringfence pins itself to: the same placement, for a second view.
if [ "${runner_ok[runsc]}" != ok ] || [ -z "$pin_cpu" ]; then
    runner_ok[runsc_pinned]=n/a
    runner_why[runsc_pinned]="needs runsc and taskset"
fi

# --- measure ---------------------------------------------------------------
# Results: med[bench,runner] = median or n/a/fail; samp[...] = samples; iters[...].
declare -A med=() samp=() iters=()
rf_failed=0

measure_bench() {
    local b="$1" r n p v i s
    for r in "${runners[@]}"; do
        if [ "${runner_ok[$r]}" != ok ]; then
            med[$b,$r]="${runner_ok[$r]}"
            continue
        fi
        log "$b: $r (probe)"
        if ! p="$(one_run "$r" "$b" "${probe_iters[$b]}")"; then
            med[$b,$r]=fail
            continue
        fi
        n="$(size_from_probe "$p" "${probe_iters[$b]}" "$b")"
        if [ -n "${min_target_ns[$b]:-}" ]; then
            n="$(size_from_probe "$p" "${probe_iters[$b]}" "$b" 2)"
            log "$b: $r (second probe x$n)"
            if ! p="$(one_run "$r" "$b" "$n")"; then
                med[$b,$r]=fail
                continue
            fi
            n="$(size_from_probe "$p" "${probe_iters[$b]}" "$b")"
        fi
        iters[$b,$r]="$n"
        s=()
        for ((i = 0; i < repeats; i++)); do
            log "$b: $r x$n ($((i + 1))/$repeats)"
            if ! v="$(one_run "$r" "$b" "$n")"; then
                s=()
                break
            fi
            s+=("$v")
        done
        if [ ${#s[@]} -eq "$repeats" ]; then
            samp[$b,$r]="${s[*]}"
            med[$b,$r]="$(median "${s[@]}")"
        else
            med[$b,$r]=fail
        fi
    done
}

measure_startup() {
    local r n i v s
    for r in "${runners[@]}"; do
        if [ "${runner_ok[$r]}" != ok ]; then
            med[startup,$r]="${runner_ok[$r]}"
            continue
        fi
        n="$starts_fast"
        case $r in runsc*) n="$starts_runsc" ;; esac
        iters[startup,$r]="$n"
        log "startup: $r (warm-up)"
        if ! startup_run "$r" 1 >/dev/null; then
            med[startup,$r]=fail
            continue
        fi
        s=()
        for ((i = 0; i < repeats; i++)); do
            log "startup: $r x$n ($((i + 1))/$repeats)"
            if ! v="$(startup_run "$r" "$n")"; then
                s=()
                break
            fi
            s+=("$v")
        done
        if [ ${#s[@]} -eq "$repeats" ]; then
            samp[startup,$r]="${s[*]}"
            med[startup,$r]="$(median "${s[@]}")"
        else
            med[startup,$r]=fail
        fi
    done
}

for b in "${benches[@]}"; do
    measure_bench "$b"
done
measure_startup

# Floors of the signal round trip (bench/stop_floor.c): six stops and two thread
# wake-ups with no work, per stop mechanism, natively on ringfence's CPU; the
# median of the repeats, in ns per round, or fail / n/a.
floor_mechs=(ptrace sigsys unotify)
declare -A floor
for m in "${floor_mechs[@]}"; do
    if [ ! -x "$bench_dir/bench_stop_floor" ] || [ -z "$pin_cpu" ]; then
        floor[$m]=n/a
        continue
    fi
    s=()
    for ((i = 0; i < repeats; i++)); do
        log "stop floor: $m ($((i + 1))/$repeats)"
        v="$(timeout -k 5 "$timeout_s" taskset -c "$pin_cpu" "$bench_dir/bench_stop_floor" "$m" 10000 |
            awk '{ print $2 }')" || v=
        isnum "$v" || { s=(); break; }
        s+=("$v")
    done
    if [ ${#s[@]} -eq "$repeats" ]; then floor[$m]="$(median "${s[@]}")"; else floor[$m]=fail; fi
done

rows=("${benches[@]}" startup)
for b in "${rows[@]}"; do
    for r in "${rf_runners[@]}"; do
        if [ "${med[$b,$r]}" = fail ]; then rf_failed=1; fi
    done
done

# --- report ----------------------------------------------------------------
ratio() {
    if isnum "$1" && isnum "$2"; then
        awk -v a="$1" -v b="$2" 'BEGIN {
            if (b <= 0) { print "n/a"; exit }
            r = a / b
            if (r >= 100) printf "%.0f\n", r
            else if (r >= 10) printf "%.1f\n", r
            else if (r >= 0.1) printf "%.2f\n", r
            else printf "%.2g\n", r
        }'
    else
        echo "n/a"
    fi
}
cell() {
    if isnum "$1"; then
        awk -v v="$1" 'BEGIN { printf (v >= 100 ? "%.0f\n" : "%.2f\n"), v }'
    else
        echo "$1"
    fi
}
unit() {
    if [ "$1" = startup ]; then
        echo ms
    elif [ -n "${op_bytes[$1]:-}" ]; then
        echo MB/s
    else
        echo ns/op
    fi
}
# shown BENCH RUNNER: the value the tables show, in unit BENCH: the median,
# or for throughput rows the median converted from ns/op to MB/s (10^6 B/s);
# non-numbers (fail, n/a) pass through.
shown() {
    local m="${med[$1,$2]}"
    if [ -n "${op_bytes[$1]:-}" ] && isnum "$m"; then
        awk -v ns="$m" -v by="${op_bytes[$1]}" 'BEGIN { if (ns > 0) printf "%.3f\n", by * 1000 / ns; else print "n/a" }'
    else
        echo "$m"
    fi
}

# Targets of issue 5, judged on the default ringfence runner. Each entry:
# benchmark|ratio (rf/runsc or tput/native)|comparison (le or ge)|limit|limit as shown|goal.
targets=(
    "fork_exec_wait|rf/runsc|le|0.3333333|0.33|ringfence <= 1/3 of runsc-ptrace's cost"
    "signal_roundtrip|rf/runsc|le|0.3333333|0.33|ringfence <= 1/3 of runsc-ptrace's cost"
    "pipe_throughput|rf/native|ge|0.5|0.50|ringfence >= 50% of native's MB/s"
)
# target_eval ENTRY [RUNSC_RUNNER]: set T_RATIO (number or n/a) and T_VERDICT (PASS, MISS
# or n/a); rf/runsc targets compare with RUNSC_RUNNER (default runsc).
target_eval() {
    local b kind cmp limit rest a c
    IFS='|' read -r b kind cmp limit rest <<<"$1"
    if [ "$kind" = rf/runsc ]; then c=${2:-runsc}; else c=native; fi
    a="$(shown "$b" ringfence)"
    c="$(shown "$b" "$c")"
    T_RATIO="$(ratio "$a" "$c")"
    T_VERDICT=n/a
    if isnum "$a" && isnum "$c"; then
        T_VERDICT="$(awk -v a="$a" -v c="$c" -v cmp="$cmp" -v l="$limit" 'BEGIN {
            if (c <= 0) { print "n/a"; exit }
            r = a / c
            ok = (cmp == "le") ? (r <= l) : (r >= l)
            print ok ? "PASS" : "MISS"
        }')"
    fi
}

cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
runsc_version="n/a"
if [ "${runner_ok[runsc]}" = ok ]; then
    runsc_version="$("$runsc_bin" --version 2>/dev/null | head -n 1 || true)"
fi

echo
load_end="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
echo "ringfence benchmarks  $started  $(uname -r)  ${cpu_model:-unknown cpu} x$(nproc)"
echo "runsc: $runsc_version; pinned = taskset -c ${pin_cpu:-n/a}; median of $repeats; $([ "$quick" -eq 1 ] && echo quick || echo full) sizing"
echo "load average at start/end: $load_start / $load_end (other work on the host makes every column noisy)"
echo
fmt='%-24s %11s %11s %17s %13s %10s %9s\n'
# shellcheck disable=SC2059
printf "$fmt" benchmark native ringfence ringfence-pinned runsc-ptrace rf/native rf/runsc
for b in "${rows[@]}"; do
    # shellcheck disable=SC2059
    printf "$fmt" "$b ($(unit "$b"))" \
        "$(cell "$(shown "$b" native)")" "$(cell "$(shown "$b" ringfence)")" \
        "$(cell "$(shown "$b" ringfence_pinned)")" "$(cell "$(shown "$b" runsc)")" \
        "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" native)")" \
        "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" runsc)")"
done
echo
echo "rf/native: ringfence cost as a multiple of native. rf/runsc: < 1 means ringfence is faster than runsc."
echo "MB/s rows (pipe_throughput) are throughput, higher is better, and every ratio on them"
echo "compares throughput: rf/native 0.50 = half of native's MB/s; rf/runsc > 1 = faster than runsc."
echo
echo "targets (issue 5; the default ringfence runner, this run only; a report, not a test):"
tfmt='  %-18s %-41s %-10s %6s  %-15s %s\n'
for t in "${targets[@]}"; do
    IFS='|' read -r tb tkind tcmp _ tshow tgoal <<<"$t"
    target_eval "$t"
    if [ "$tcmp" = le ]; then tcmp='<='; else tcmp='>='; fi
    # shellcheck disable=SC2059
    printf "$tfmt" "$tb" "$tgoal" "$tkind" "$T_RATIO" "(need $tcmp $tshow)" "$T_VERDICT"
done
# The same comparison with runsc on ringfence's CPU: when the host makes cross-CPU
# wake-ups slow, unpinned runsc pays for them and pinned ringfence does not.
if [ "${runner_ok[runsc_pinned]}" = ok ]; then
    echo
    echo "the same, with runsc pinned to CPU $pin_cpu as ringfence pins itself (rf/runsc-pinned):"
    pfmt='  %-24s %12s %12s %8s\n'
    # shellcheck disable=SC2059
    printf "$pfmt" benchmark runsc-pinned runsc rf/runsc-p
    for b in "${rows[@]}"; do
        # shellcheck disable=SC2059
        printf "$pfmt" "$b ($(unit "$b"))" "$(cell "$(shown "$b" runsc_pinned)")" \
            "$(cell "$(shown "$b" runsc)")" "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" runsc_pinned)")"
    done
    for t in "${targets[@]}"; do
        IFS='|' read -r tb tkind tcmp _ tshow tgoal <<<"$t"
        [ "$tkind" = rf/runsc ] || continue
        target_eval "$t" runsc_pinned
        if [ "$tcmp" = le ]; then tcmp='<='; else tcmp='>='; fi
        # shellcheck disable=SC2059
        printf "$tfmt" "$tb" "$tgoal (pinned)" rf/runsc-p "$T_RATIO" "(need $tcmp $tshow)" "$T_VERDICT"
    done
fi
echo
echo "signal round trip floors (bench_stop_floor, on CPU ${pin_cpu:-?}): six stops and two thread"
echo "wake-ups per round with no work at all, what any runtime on that mechanism pays first:"
ffmt='  %-10s %11s  %s\n'
for m in "${floor_mechs[@]}"; do
    case $m in
    ptrace) what="PTRACE_SYSEMU + registers in and out (ringfence's platform)" ;;
    sigsys) what="seccomp RET_TRAP + SIGSYS handler + futex hand-off (systrap-like)" ;;
    unotify) what="as sigsys, the hand-off a user notification; kill notified directly" ;;
    esac
    # shellcheck disable=SC2059
    printf "$ffmt" "$m" "$(cell "${floor[$m]}") ns" "$what"
done
sr_third=$(awk -v a="$(shown signal_roundtrip runsc)" 'BEGIN { if (a + 0 > 0) printf "%.0f", a / 3; else print "n/a" }')
srp_third=$(awk -v a="$(shown signal_roundtrip runsc_pinned)" 'BEGIN { if (a + 0 > 0) printf "%.0f", a / 3; else print "n/a" }')
echo "  target: 1/3 of runsc-ptrace's round trip, $sr_third ns ($srp_third ns with runsc pinned);" \
    "ringfence $(cell "$(shown signal_roundtrip ringfence)") ns"
if [ "${runner_ok[ringfence_nopin]}" = n/a ]; then
    line="pinning (ringfence-pinned / ringfence, < 1 means pinning helps; > 1 for MB/s rows):"
    for b in "${rows[@]}"; do
        line+=" $b $(ratio "$(shown "$b" ringfence_pinned)" "$(shown "$b" ringfence)")"
    done
    echo "$line"
else
    echo
    echo "pinning: ringfence pins itself to one CPU by default; --no-pin leaves placement to"
    echo "the host scheduler. Ratios < 1 mean pinning helps (> 1 on MB/s rows)."
    echo
    pfmt='%-24s %11s %11s %17s %15s %15s\n'
    # shellcheck disable=SC2059
    printf "$pfmt" benchmark "--no-pin" "default" "taskset -c ${pin_cpu:-?}" default/nopin taskset/nopin
    for b in "${rows[@]}"; do
        # shellcheck disable=SC2059
        printf "$pfmt" "$b ($(unit "$b"))" \
            "$(cell "$(shown "$b" ringfence_nopin)")" "$(cell "$(shown "$b" ringfence)")" \
            "$(cell "$(shown "$b" ringfence_pinned)")" \
            "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" ringfence_nopin)")" \
            "$(ratio "$(shown "$b" ringfence_pinned)" "$(shown "$b" ringfence_nopin)")"
    done
    echo
fi
for r in "${runners[@]}"; do
    if [ -n "${runner_why[$r]:-}" ]; then
        echo "note: $r: ${runner_why[$r]}"
    fi
done

# --- JSON ------------------------------------------------------------------
jstr() { printf '"%s"' "$(printf '%s' "$1" | tr -d '\042\134' | tr -c '[:print:]' ' ')"; }
jnum() { if isnum "$1"; then echo "$1"; else echo null; fi; }

if [ -n "$json_file" ]; then
    {
        echo "{"
        echo "  \"schema\": 1,"
        echo "  \"date\": $(jstr "$started"),"
        echo "  \"loadavg\": {\"start\": $(jnum "$load_start"), \"end\": $(jnum "$load_end")},"
        echo "  \"host\": {\"kernel\": $(jstr "$(uname -r)"), \"cpu\": $(jstr "$cpu_model"), \"nproc\": $(nproc)},"
        echo "  \"build_dir\": $(jstr "$build_dir"),"
        echo "  \"quick\": $([ "$quick" -eq 1 ] && echo true || echo false),"
        echo "  \"repeats\": $repeats,"
        echo "  \"pin_cpu\": $(jnum "$pin_cpu"),"
        echo "  \"runsc_version\": $(jstr "$runsc_version"),"
        echo "  \"benchmarks\": ["
        nb=${#rows[@]}
        for ((k = 0; k < nb; k++)); do
            b="${rows[$k]}"
            echo "    {"
            echo "      \"name\": $(jstr "$b"),"
            if [ -n "${op_bytes[$b]:-}" ]; then
                echo "      \"unit\": \"ns/op\", \"op_bytes\": ${op_bytes[$b]},"
                tp=""
                for r in "${runners[@]}"; do
                    key="$r"
                    [ "$r" = runsc ] && key=runsc_ptrace
                    [ "$r" = runsc_pinned ] && key=runsc_ptrace_pinned
                    tp+="${tp:+, }\"$key\": $(jnum "$(shown "$b" "$r")")"
                done
                echo "      \"mb_per_s\": {$tp},"
                echo "      \"throughput_rf_over_native\": $(jnum "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" native)")"),"
                echo "      \"throughput_rf_over_runsc\": $(jnum "$(ratio "$(shown "$b" ringfence)" "$(shown "$b" runsc)")"),"
            else
                echo "      \"unit\": $(jstr "$(unit "$b")"),"
            fi
            for r in "${runners[@]}"; do
                m="${med[$b,$r]}"
                st=ok
                isnum "$m" || st="$m"
                samples=""
                for v in ${samp[$b,$r]:-}; do samples+="${samples:+, }$v"; done
                key="$r"
                [ "$r" = runsc ] && key=runsc_ptrace
                [ "$r" = runsc_pinned ] && key=runsc_ptrace_pinned
                echo "      \"$key\": {\"status\": $(jstr "$st"), \"median\": $(jnum "$m"), \"samples\": [$samples], \"iterations\": $(jnum "${iters[$b,$r]:-}")},"
            done
            echo "      \"rf_over_native\": $(jnum "$(ratio "${med[$b,ringfence]}" "${med[$b,native]}")"),"
            echo "      \"rf_over_runsc\": $(jnum "$(ratio "${med[$b,ringfence]}" "${med[$b,runsc]}")"),"
            echo "      \"pinned_over_rf\": $(jnum "$(ratio "${med[$b,ringfence_pinned]}" "${med[$b,ringfence]}")"),"
            echo "      \"rf_over_nopin\": $(jnum "$(ratio "${med[$b,ringfence]}" "${med[$b,ringfence_nopin]}")"),"
            echo "      \"pinned_over_nopin\": $(jnum "$(ratio "${med[$b,ringfence_pinned]}" "${med[$b,ringfence_nopin]}")")"
            if [ "$k" -lt $((nb - 1)) ]; then echo "    },"; else echo "    }"; fi
        done
        echo "  ],"
        fl=""
        for m in "${floor_mechs[@]}"; do fl+="${fl:+, }\"$m\": $(jnum "${floor[$m]}")"; done
        echo "  \"signal_roundtrip_floor_ns\": {$fl},"
        echo "  \"targets\": ["
        nt=${#targets[@]}
        for ((k = 0; k < nt; k++)); do
            IFS='|' read -r tb tkind tcmp tlimit _ tgoal <<<"${targets[$k]}"
            target_eval "${targets[$k]}"
            line="    {\"benchmark\": $(jstr "$tb"), \"goal\": $(jstr "$tgoal"), \"ratio_kind\": $(jstr "$tkind"),"
            line+=" \"comparison\": $(jstr "$tcmp"), \"limit\": $tlimit, \"ratio\": $(jnum "$T_RATIO"), \"verdict\": $(jstr "$T_VERDICT")}"
            if [ "$k" -lt $((nt - 1)) ]; then echo "$line,"; else echo "$line"; fi
        done
        echo "  ]"
        echo "}"
    } >"$tmp/json"
    mv "$tmp/json" "$json_file"
    log "results saved to $json_file"
fi

# The KVM platform: exits per operation and the exit round trip. Only on a faithful KVM
# (this machine's may be a software one: then the emulated x86 VM runs it, ci/x86vm.sh).
if [ -x "$build_dir/bench/bench_kvm_exits" ]; then
    "$build_dir/bench/bench_kvm_exits" "$build_dir/ringfence" "$build_dir/bench/bench_getpid" ||
        log "kvm: not measured here (see above); ci/x86vm.sh measures it in the emulated x86 VM"
fi

if [ "$rf_failed" -ne 0 ]; then
    log "some ringfence runs failed (see 'fail' cells and messages above)"
    exit 3
fi
exit 0
