#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/stub_isolation.sh: a ptrace stub holds only the memory file, maps only its image, the guest and the vDSO, and is traced under seccomp.
#
# usage: stub_isolation.sh RINGFENCE READFILE
# READFILE (tests/e2e/progs/readfile.c) reads its stdin, a FIFO this script holds
# open, so the guest blocks in read() while its stub is inspected through /proc:
#  - its only descriptor is the memory file (ptrace/ptrace.c closes the rest before exec);
#  - its mappings are its image, the batch table above it, memory-file ranges below it
#    (the guest), the moved vDSO and [vsyscall]: nothing of the runtime (no libc, no
#    heap, no stack);
#  - NoNewPrivs 1, Seccomp 2 (filter), and its tracer is a thread of the runtime.
# Then the guest is fed a line and must print it and exit 0, as it does natively.
set -u
rf=$1
prog=$2
fail=0
d=$(mktemp -d "${TMPDIR:-/var/tmp}/rf-stub.XXXXXX") || exit 1
rfpid=
cleanup() {
    exec 3>&- 2>/dev/null
    [ -n "$rfpid" ] && kill "$rfpid" 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT

want=$(echo "stub isolation" | "$prog" -) || { echo "FAIL: the native run failed"; exit 1; }
mkfifo "$d/in" || exit 1
"$rf" run --platform=ptrace -- "$prog" - <"$d/in" >"$d/out" 2>"$d/err" &
rfpid=$!
exec 3>"$d/in"

# The stub: a child of the runtime whose executable is the stub's memfd.
stub=
for _ in $(seq 200); do
    for s in /proc/[0-9]*/stat; do
        read -r pid _ _ ppid _ <"$s" 2>/dev/null || continue
        [ "$ppid" = "$rfpid" ] || continue
        case $(readlink "/proc/$pid/exe" 2>/dev/null) in *ringfence-stub*) stub=$pid ;; esac
    done
    [ -n "$stub" ] && grep -q 'ringfence-memory' "/proc/$stub/maps" 2>/dev/null && break
    stub=
    sleep 0.05
done
if [ -z "$stub" ]; then
    echo "FAIL: no stub process found under ringfence (pid $rfpid)"
    cat "$d/err"
    exit 1
fi
echo "stub: pid $stub"

fds=$(for f in "/proc/$stub/fd/"*; do readlink "$f"; done)
echo "descriptors: $(echo "$fds" | tr '\n' ' ')"
[ "$(echo "$fds" | wc -l)" = 1 ] && grep -q '^/memfd:ringfence-memory' <<<"$fds" ||
    { echo "FAIL: the stub holds more than the memory file"; fail=1; }

st=$(cat "/proc/$stub/status")
field() { awk -v k="$1:" '$1 == k { print $2 }' <<<"$st"; }
[ "$(field NoNewPrivs)" = 1 ] || { echo "FAIL: NoNewPrivs is not 1"; fail=1; }
[ "$(field Seccomp)" = 2 ] || { echo "FAIL: the stub is not under a seccomp filter"; fail=1; }
tracer=$(field TracerPid)
tgid=$(awk '/^Tgid:/ { print $2 }' "/proc/$tracer/status" 2>/dev/null)
[ "$tgid" = "$rfpid" ] || { echo "FAIL: traced by $tracer (process $tgid), not by the runtime $rfpid"; fail=1; }

maps=$(cat "/proc/$stub/maps")
base=$(awk '/ringfence-stub/ { split($1, r, "-"); print r[1]; exit }' <<<"$maps")
[ -n "$base" ] || { echo "FAIL: no stub image in the maps"; fail=1; }
# Every mapping must be one of the expected kinds; guest ranges lie below the image.
bad=$(awk -v base="$base" '
    function hex(s,   i, c, v) { v = 0; s = tolower(s)
        for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
        return v }
    { split($1, r, "-"); name = $6
      if (name ~ /ringfence-stub/) next
      if (name ~ /^\[(vvar|vvar_vclock|vdso|vsyscall)\]$/) next
      if (name ~ /ringfence-memory/ && hex(r[2]) <= hex(base)) next
      # The batch table; some kernels call it [heap], as it starts where the image ends.
      if ((name == "" || name == "[heap]") && $2 == "rw-p" && hex(r[1]) > hex(base)) next
      print }' <<<"$maps")
if [ -n "$bad" ]; then
    echo "FAIL: unexpected mappings in the stub:"
    echo "$bad"
    fail=1
fi
echo "mappings: $(wc -l <<<"$maps") (image at 0x$base)"

echo "stub isolation" >&3
exec 3>&-
wait "$rfpid"
rc=$?
rfpid=
got=$(cat "$d/out")
[ $rc -eq 0 ] && [ "$got" = "$want" ] ||
    { echo "FAIL: status $rc, output '$got', native '$want'"; cat "$d/err"; fail=1; }
[ $fail -eq 0 ] && echo "PASS"
exit $fail
