#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/memfd_noexec.sh: the ptrace platform on a host that forbids executable memfds (vm.memfd_noexec=2).
#
# usage: memfd_noexec.sh RINGFENCE BUSYBOX
# Each case runs in a new pid namespace (the sysctl is per pid namespace, so the
# host's stays as it was) with vm.memfd_noexec=2, where the stub's ELF file
# cannot be a memfd (ptrace/ptrace.c falls back to an O_TMPFILE file):
#  - fallback: a busybox pipeline (several stubs) prints what it prints natively;
#  - no-exec-dir: /dev/shm, /tmp and /var/tmp are noexec mounts and TMPDIR is unset,
#    so there is nowhere to put the file: ringfence must fail before the guest runs,
#    with a non-zero status and an error that names the sysctl and TMPDIR;
#  - tmpdir: the same, with TMPDIR on a mount that allows exec: it runs again.
# Needs root (unshare -m -p) and Linux 6.3+ (the sysctl); exits 77 without them.
set -u
rf=$1
bb=$2
[ -e /proc/sys/vm/memfd_noexec ] || { echo "SKIP: this kernel has no vm.memfd_noexec (Linux 6.3+)"; exit 77; }
unshare -m -p -f --mount-proc true 2>/dev/null || { echo "SKIP: unshare -m -p needs root"; exit 77; }
fail=0
script='echo one two three | "$0" tr " " "\n" | "$0" sort -r; echo status $?'
want=$("$bb" sh -c "$script" "$bb" 2>&1; echo "exit $?")

# run_case SETUP: run ringfence on the script inside the namespaces after SETUP (sh);
# its stderr goes to $err through fd 3, opened before SETUP's mounts hide /var/tmp.
run_case() {
    unshare -m -p -f --mount-proc --propagation private env -u TMPDIR -u XDG_RUNTIME_DIR \
        "$bb" sh -c 'echo 2 >/proc/sys/vm/memfd_noexec || exit 99
            eval "$1"; shift
            "$@" 2>&3; echo "exit $?"' sh "$1" "$rf" run --platform=ptrace -- \
        "$bb" sh -c "$script" "$bb" 3>"$err"
}
err=$(mktemp "${TMPDIR:-/var/tmp}/rf-noexec.XXXXXX") || exit 1
trap 'rm -f "$err"' EXIT

got=$(run_case ':')
if [ "$got" = "$want" ]; then
    echo "ok: fallback"
else
    echo "FAIL: fallback: want [$want] got [$got]"
    cat "$err"
    fail=1
fi

noexec='for d in /dev/shm /tmp /var/tmp; do mount -t tmpfs -o noexec none $d || exit 98; done'
got=$(run_case "$noexec")
status=${got##*exit }
if [ "$status" != 0 ] && [ "$got" = "exit $status" ] && grep -q 'vm.memfd_noexec=2' "$err" &&
    grep -q 'TMPDIR' "$err"; then
    echo "ok: no-exec-dir (exit $status, the error names the cause)"
else
    echo "FAIL: no-exec-dir: want a non-zero exit, no output and an error naming the sysctl; got [$got]"
    cat "$err"
    fail=1
fi

got=$(run_case "$noexec"'; mkdir -p /run/rf-exec && mount -t tmpfs none /run/rf-exec && export TMPDIR=/run/rf-exec')
if [ "$got" = "$want" ]; then
    echo "ok: tmpdir"
else
    echo "FAIL: tmpdir: want [$want] got [$got]"
    cat "$err"
    fail=1
fi
exit $fail
