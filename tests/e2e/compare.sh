#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/compare.sh: run PROGRAM natively (the oracle) and under ringfence; compare stdout, stderr, status.
#
# usage: compare.sh RINGFENCE [--stdin FILE] [--root DIR] [--expect-status N] [--env K=V]...
#                   -- PROGRAM [ARGS...]
#
# Both runs get the same cwd, environment and stdin (default /dev/null); stdout and stderr go to
# files. The platform is $RINGFENCE_PLATFORM (default ptrace). --root runs the native oracle
# under chroot(8) (needs root) and passes --root DIR --cwd / to ringfence. --expect-status also
# pins the native status, so a guest program that stops faulting cannot pass silently.
# --env K=V sets a variable for both runs (through env(1), so compare.sh's own tools keep the
# caller's PATH).
# Exit: 0 match, 1 mismatch or error, 77 skipped (missing tool or program; a failure if CI=true).
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

usage() {
    echo "usage: compare.sh RINGFENCE [--stdin FILE] [--root DIR] [--expect-status N] [--env K=V]... -- PROGRAM [ARGS...]" >&2
    exit 1
}

[ $# -ge 1 ] || usage
rf=$1
shift
stdin=/dev/null
root=
expect=
envs=()
while [ $# -gt 0 ]; do
    case $1 in
    --stdin) [ $# -ge 2 ] || usage; stdin=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
    --expect-status) [ $# -ge 2 ] || usage; expect=$2; shift 2 ;;
    --env)
        [ $# -ge 2 ] || usage
        case $2 in *=*) ;; *) usage ;; esac
        envs+=("$2")
        shift 2
        ;;
    --) shift; break ;;
    *) usage ;;
    esac
done
[ $# -ge 1 ] || usage
prog=$1

e2e_need diff cmp mktemp env head od tr wc
rf=$(e2e_abs "$rf")
[ -x "$rf" ] || e2e_die "ringfence binary '$rf' is not executable"
[ -r "$stdin" ] || e2e_die "stdin file '$stdin' is not readable"

# A program that is not there (e.g. /bin/busybox without busybox-static) is a skip, not a failure.
if [ -n "$root" ]; then
    e2e_need chroot
    [ "$(id -u)" = 0 ] || e2e_skip "--root needs root for the native chroot oracle"
    [ -d "$root" ] || e2e_die "root '$root' is not a directory"
    case $prog in
    */*) [ -e "$root/$prog" ] || e2e_skip "program '$prog' not present under $root" ;;
    esac
else
    case $prog in
    */*)
        [ -e "$prog" ] || e2e_skip "program '$prog' not present"
        prog=$(e2e_abs "$prog")
        set -- "$prog" "${@:2}"
        ;;
    *) command -v "$prog" >/dev/null 2>&1 || e2e_skip "program '$prog' not found in PATH" ;;
    esac
fi

platform=${RINGFENCE_PLATFORM:-ptrace}
e2e_mktemp
t=$E2E_TMP

# Core dumps of the native faulting programs would only litter the build tree.
ulimit -c 0 2>/dev/null

# `env -u _`: bash exports $_ as the path of the command it runs, which would differ between
# the native program and ringfence and leak into the guest environment.
# The braces with 2>/dev/null swallow bash's own "Segmentation fault" job report.
if [ -n "$root" ]; then
    # chroot by absolute path: a PATH given with --env would otherwise be searched for it.
    native=(env -u _ "${envs[@]}" "$(type -P chroot)" "$root" "$@")
    sandbox=(env -u _ "${envs[@]}" "$rf" run "--platform=$platform" --root "$root" --cwd / -- "$@")
else
    native=(env -u _ "${envs[@]}" "$@")
    sandbox=(env -u _ "${envs[@]}" "$rf" run "--platform=$platform" -- "$@")
fi

{ "${native[@]}" <"$stdin" >"$t/native.out" 2>"$t/native.err"; } 2>/dev/null
ns=$?
{ "${sandbox[@]}" <"$stdin" >"$t/sandbox.out" 2>"$t/sandbox.err"; } 2>/dev/null
ss=$?

skip=$((3 + ${#envs[@]}))
echo "native:    ${native[*]:$skip} -> status $ns"
echo "ringfence: ${sandbox[*]:$skip} -> status $ss"

fail=0
if [ -n "$expect" ] && [ "$ns" != "$expect" ]; then
    echo "FAIL: the native oracle exited $ns, the test expects $expect (broken test program?)"
    e2e_show "native stdout" "$t/native.out"
    e2e_show "native stderr" "$t/native.err"
    fail=1
fi
for s in out err; do
    name=stdout
    [ $s = err ] && name=stderr
    if ! cmp -s "$t/native.$s" "$t/sandbox.$s"; then
        echo "FAIL: $name differs"
        diff -u -a --label "native $name" --label "ringfence $name" "$t/native.$s" "$t/sandbox.$s" | head -n 300
        fail=1
    fi
done
if [ "$ns" != "$ss" ]; then
    echo "FAIL: exit status differs: native $ns, ringfence $ss"
    case $ss in
    125 | 126 | 127) e2e_show "ringfence stderr (status $ss is a launcher error)" "$t/sandbox.err" ;;
    esac
    fail=1
fi
if [ $fail = 0 ]; then
    echo "PASS: stdout ($(wc -c <"$t/native.out") bytes), stderr ($(wc -c <"$t/native.err") bytes) and status $ns match"
fi
exit $fail
