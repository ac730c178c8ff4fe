#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/fuzz.sh: the runtime survives guests that make random system calls with hostile arguments.
#
# usage: fuzz.sh RINGFENCE FUZZ [SEED...]      (seeds default to 1 2)
# For each seed, ringfence runs FUZZ SEED 60 1500 (tests/e2e/progs/fuzz.c: 60 children,
# each making 1500 random calls but exec, fork, exit, kill and the calls that only wait;
# less in the emulated test VMs, below).
# There is no native oracle: random calls on the host could change it. What is checked
# is that the runtime turned every call into a result or a signal for the guest:
#  - ringfence exits 0, fuzz's own status: every child ended (by exit, by a signal, or
#    killed by fuzz after its timeout: 1 s, 5 s in the VMs) and was reported;
#  - stdout has one report per child;
#  - stderr has only the runtime's warnings (an unsupported call or flag, each said
#    once): no error (a lost execution context, a failed host call), no BUG;
#  - the host's /tmp gains no fuzz.* directory (the guest's /tmp is the sandbox's).
# The platform is $RINGFENCE_PLATFORM (default ptrace).
set -u
rf=$1
fuzz=$2
shift 2
seeds=("$@")
platform=${RINGFENCE_PLATFORM:-ptrace}
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2)
children=60
calls=1500
timeout_s=1
# In the emulated test VMs (../shared/x86vm, ../shared/arm64) a guest syscall costs
# 0.1-0.5 ms and a fork far more: 1500 calls outlived fuzz's 1 s per child (53 of 60
# "hung" on the arm64 VM's ptrace, 27 of 30 with 600 calls), and a seed took 65-100 s.
# There, one seed of 30 children x 500 calls, each child given 5 s.
if [ -n "${X86VM:-}${ARM64VM:-}" ]; then
    [ $# -gt 0 ] || seeds=(1)
    children=30
    calls=500
    timeout_s=5
fi
d=$(mktemp -d "${TMPDIR:-/var/tmp}/rf-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
before=$(ls -d /tmp/fuzz.* 2>/dev/null)
fail=0
for seed in "${seeds[@]}"; do
    t0=$SECONDS
    ("$rf" run --platform="$platform" -- "$fuzz" "$seed" $children $calls $timeout_s \
        </dev/null >"$d/out" 2>"$d/err")
    rc=$?
    reports=$(grep -c '^child [0-9]*: ' "$d/out")
    other=$(grep -v '^ringfence: warning: ' "$d/err")
    why=
    [ $rc = 0 ] || why="ringfence exited $rc"
    [ "$reports" = $children ] || why="${why:+$why; }$reports of $children children reported"
    [ -z "$other" ] || why="${why:+$why; }stderr has more than the runtime's warnings"
    summary=$(sed -n 's/^child [0-9]*: \([a-z]*\).*/\1/p' "$d/out" | sort | uniq -c | tr -s ' \n' ' ')
    if [ -z "$why" ]; then
        echo "ok: seed $seed on $platform in $((SECONDS - t0)) s:$summary"
    else
        echo "FAIL: seed $seed on $platform: $why"
        grep -v '^child [0-9]*: exit 0$' "$d/out" | head -n 20
        printf '%s\n' "$other" | head -n 20
        fail=1
    fi
done
after=$(ls -d /tmp/fuzz.* 2>/dev/null)
if [ "$before" != "$after" ]; then
    echo "FAIL: the host's /tmp changed: $after"
    fail=1
fi
exit $fail
