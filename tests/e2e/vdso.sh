#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/vdso.sh: on the ptrace platform the guest reads the clock through the vDSO, not by syscalls.
#
# usage: vdso.sh RINGFENCE CLOCK_PROGRAM
# Runs CLOCK_PROGRAM (tests/e2e/progs/clock.c, 2000 clock reads) under --strace and
# fails if it made more than a handful of clock syscalls (without a vDSO it makes
# over 2000), if its output differs from the native run's, or if /proc/self/maps
# in the sandbox shows no [vdso].
set -uo pipefail
rf=$1
prog=$2
fail=0
want=$("$prog" 2000) || { echo "FAIL: the native run failed: $want"; exit 1; }
trace=$(mktemp "${TMPDIR:-/var/tmp}/rf-vdso.XXXXXX") || exit 1
trap 'rm -f "$trace"' EXIT
got=$("$rf" run --platform=ptrace --strace -- "$prog" 2000 2>"$trace")
[ "$got" = "$want" ] || { echo "FAIL: output '$got', native '$want'"; fail=1; }
calls=$(grep -cE '^(clock_gettime|gettimeofday|time)\(' "$trace")
echo "clock syscalls seen by --strace: $calls (2000 reads)"
[ "$calls" -le 5 ] || { echo "FAIL: the clock reads were syscalls: no vDSO"; fail=1; }
if [ -x /bin/busybox ]; then
    maps=$("$rf" run --platform=ptrace -- /bin/busybox cat /proc/self/maps)
    grep -q '\[vdso\]$' <<<"$maps" || { echo "FAIL: no [vdso] in /proc/self/maps:"; echo "$maps"; fail=1; }
fi
[ $fail -eq 0 ] && echo "PASS"
exit $fail
