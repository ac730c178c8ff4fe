#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/bigfile.sh: huge file sizes and bad buffers in the sandbox's /tmp: Linux's answers, and no gigabytes resident in the runtime.
#
# usage: bigfile.sh RINGFENCE BIGFILE
# BIGFILE (tests/e2e/progs/bigfile.c) writes 1 GiB from a bad address, writes
# across an unmapped page at 4 GiB, truncates to 4 GiB and back, punches a
# 4 GiB hole, and maps /dev/null (ENODEV) and 512 MiB of /dev/zero. Its output and exit status under ringfence must equal the native
# run's (in the host's /tmp; sizes are sparse there), and the runtime's peak RSS
# (ringfence --debug, "resources at exit") must stay under 256 MiB: the sandbox's
# /tmp lives in the runtime's memory, and zeroing or growing it byte by byte made
# 4 GiB resident for this program.
# The platform is $RINGFENCE_PLATFORM (default ptrace).
set -u
rf=$1
prog=$2
platform=${RINGFENCE_PLATFORM:-ptrace}
limit_kib=262144
d=$(mktemp -d "${TMPDIR:-/var/tmp}/rf-bigfile.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
"$prog" /tmp >"$d/want" 2>&1
echo "exit $?" >>"$d/want"
"$rf" run --debug --platform="$platform" -- "$prog" /tmp >"$d/got" 2>"$d/err"
echo "exit $?" >>"$d/got"
fail=0
if ! cmp -s "$d/want" "$d/got"; then
    echo "FAIL: output differs from the native run"
    diff "$d/want" "$d/got"
    fail=1
fi
peak=$(sed -n 's/.*resources at exit:.*peak_rss_kib=\([0-9]*\).*/\1/p' "$d/err")
if [ -z "$peak" ]; then
    echo "FAIL: no 'resources at exit' line from ringfence --debug"
    tail -n 5 "$d/err"
    fail=1
elif [ "$peak" -gt $limit_kib ]; then
    echo "FAIL: the runtime's peak RSS was $peak KiB (limit $limit_kib)"
    fail=1
else
    echo "ok: same output as native; the runtime's peak RSS $peak KiB"
fi
exit $fail
