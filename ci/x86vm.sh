#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/x86vm.sh: boot the emulated x86 VM (../shared/x86vm) ONCE and run, inside it, the vCPU tests,
# the whole e2e corpus on --platform=kvm (native run = oracle) and the KVM exit benchmark.
#
# usage: ci/x86vm.sh [BUILD_DIR]        (default: build; must be built)
# X86VM_SCENARIOS=0 leaves out the shell scenarios (e2e-scen-*), which take most of the time;
# bash-static runs only tests/e2e/scenarios/shell-core.txt's unless X86VM_SCEN_BASH_STATIC_ONLY=all.
# Ends with "x86vm: N passed, N failed"; exit 0 only if everything passed.
# 77 (skip) when ../shared/x86vm or its cache is missing and CI is not "true".
set -uo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
build=$(cd "${1:-build}" && pwd)
x86vm=${X86VM_DIR:-$src/../shared/x86vm}
if [ ! -x "$x86vm/run-in-vm.sh" ]; then
    echo "x86vm: $x86vm/run-in-vm.sh not found"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rf-x86vm.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The corpus at the same absolute paths as here (tar keeps the data's symlinks).
meson introspect "$build" --tests >"$work/tests.json" || exit 1
bash "$src/tests/e2e/scenario.sh" --cases | tr ' ' '\n' >"$work/scen.txt" || exit 1
# bash-static runs the scenarios about the shell itself (shell-core.txt: busybox runs all
# of them); all bash-static ones took 5.5 of the step's 14 min. X86VM_SCEN_BASH_STATIC_ONLY
# (comma-separated, "all" for every scenario) overrides.
core=$(grep -v '^#' "$src/tests/e2e/scenarios/shell-core.txt" | paste -sd, -)
bash_only=${X86VM_SCEN_BASH_STATIC_ONLY:-$core}
[ "$bash_only" = all ] && bash_only=
python3 "$src/ci/x86vm_runner.py" "$work/tests.json" /bin/bash-static "$build" "$work/e2e.sh" \
    "$work/scen.txt" "$bash_only" || exit 1
files=("$build/ringfence" "$src/tests/e2e")
for f in "$build"/tests/e2e/*-glibc "$build"/tests/e2e/*-musl "$build"/tests/e2e/*-glibc-pie \
    "$build"/tests/e2e/*-glibc-dyn "$build"/tests/e2e/*-musl-dyn \
    "$build"/tests/kvm/test_vcpu "$build"/bench/bench_kvm_exits "$build"/bench/bench_getpid; do
    [ -e "$f" ] && files+=("$f")
done
tar -cf "$work/corpus.tar" -C / "${files[@]#/}" || exit 1
# The dynamic flavours' interpreters and libc, as regular files (-h): the VM's initramfs
# has glibc's only because ringfence needs them, and musl's not at all.
libs=()
for f in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6 /lib/ld-musl-x86_64.so.1; do
    [ -e "$f" ] && libs+=("${f#/}")
done
[ ${#libs[@]} = 0 ] || tar -rhf "$work/corpus.tar" -C / "${libs[@]}" || exit 1

# The e2e selection (a shell glob on test names) travels to the VM's runner.
filter='*'
[ "${X86VM_SCENARIOS:-1}" = 0 ] && filter='e2e-[!s]*'
# X86VM_E2E_FILTER: a shell glob of its own (e2e-stub*, e2e-scen-busybox-*), for reruns by hand.
filter=${X86VM_E2E_FILTER:-$filter}
# The e2e corpus on --platform=kvm (the e2e tests but the shell scenarios) runs by
# default; X86VM_E2E=0 leaves only the vCPU tests and the exit benchmark. It used to
# wedge the VM's kernel (soft lockups and RCU stalls) until the VM booted with
# kvm.nx_huge_pages=off (below).
e2e_on_kvm=${X86VM_E2E:-1}
# One VM CPU: the emulated VM then needs one host core, not both. With two, on a
# loaded 2-core host, the VM's kernel stalled (RCU stalls, soft lockups of its own
# threads) and runs timed out; with one, the corpus ran 224/224 in 4.5 min with the
# host's load average at 3-4, and each VM exit cost less (68 us vs 94-110 us).
smp=${X86VM_SMP:-1}

cat >"$work/vm-main.sh" <<EOS
#!/bin/sh
# Runs inside the VM (busybox sh) from /work.
tar -xf /work/corpus.tar -C / || exit 1
# The corpus's scripts and shell scenarios run under bash-static (the VM has busybox only).
ln -sf /work/bash-static /bin/bash-static
ln -sf /work/bash-static /bin/bash
mkdir -p /tmp /var/tmp /usr/share/doc/busybox /etc
# The initramfs has no /etc: give the corpus's ls/dirlist of /etc something to list.
[ -e /etc/hostname ] || echo x86vm >/etc/hostname
[ -e /etc/passwd ] || echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
[ -e /etc/group ] || echo 'root:x:0:' >/etc/group
# udev makes these on a normal system; the sandbox's /dev has them, so the oracle needs them too.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
# A login-like environment, as CI hosts have: without HOME, bash looks the user up
# through NSS and tries nscd's socket, which the sandbox does not offer.
export HOME=/root USER=root LOGNAME=root SHELL=/bin/sh
passed=0; failed=0
step() { if "\$@"; then passed=\$((passed + 1)); else failed=\$((failed + 1)); fi; }
if [ -x "$build/tests/kvm/test_vcpu" ]; then
    echo "== vCPU tests"
    step "$build/tests/kvm/test_vcpu"
fi
if [ "$e2e_on_kvm" = 1 ] && [ "$smp" = 1 ]; then
echo "== e2e corpus on --platform=kvm"
export E2E_FILTER='$filter'
step sh /work/e2e.sh 0 1
elif [ "$e2e_on_kvm" = 1 ]; then
echo "== e2e corpus on --platform=kvm (two shards, one per VM CPU)"
export E2E_FILTER='$filter'
sh /work/e2e.sh 0 2 & p0=\$!
sh /work/e2e.sh 1 2 & p1=\$!
step wait \$p0
step wait \$p1
fi
if [ -x "$build/bench/bench_kvm_exits" ]; then
    echo "== KVM exit benchmark"
    step "$build/bench/bench_kvm_exits" "$build/ringfence" "$build/bench/bench_getpid"
fi
echo "x86vm: \$passed passed, \$failed failed"
[ \$failed -eq 0 ]
EOS
chmod +x "$work/vm-main.sh"

# One boot for everything. A default run takes 10-20 s; the corpus adds minutes.
timeout=${X86VM_TIMEOUT:-}
if [ -z "$timeout" ]; then
    timeout=150
    [ "$e2e_on_kvm" = 1 ] && timeout=600 # without the scenarios: 265 s on a loaded host
    [ "$e2e_on_kvm" = 1 ] && [ "$filter" = '*' ] && timeout=1200 # with them: 13 min loaded
fi
# kvm.nx_huge_pages=off: the VM's KVM otherwise runs its NX huge-page recovery
# thread (the iTLB-multihit mitigation, on because QEMU's "max" CPU is not on the
# kernel's list of unaffected CPUs). With the e2e corpus running, that thread
# was seen stuck on the VM's CPU 0 ("soft lockup ... [kvm-nx-lpage-re]") while a
# sandboxed program was stuck on CPU 1, and the run never finished.
append=${X86VM_APPEND-kvm.nx_huge_pages=off}
boot() {
    X86VM_SMP=$smp X86VM_APPEND=$append X86VM_TIMEOUT=$timeout X86VM_MEM=${X86VM_MEM:-1536} \
        X86VM_FILES="$work/corpus.tar $work/e2e.sh /bin/bash-static $build/ringfence" \
        "$x86vm/run-in-vm.sh" "$work/vm-main.sh"
}
boot
rc=$?
# The emulated VM's own kernel now and then locks up (a soft-lockup report on its
# console, e.g. after test_vcpu had passed every check and was exiting: seen in one
# of five runs, that one while the host was loaded). ../shared/x86vm/README.md
# says to rerun such a hang: one more boot, and its result counts. A second hang
# fails. Each such timeout is reported, so it stays visible.
if [ $rc -eq 124 ] && [ -z "${X86VM_TIMEOUT:-}" ]; then
    echo "x86vm: the VM timed out after ${timeout} s; booting it once more"
    boot
    rc=$?
fi
case $rc in
0) ;;
124) echo "x86vm: the VM timed out" ;;
125 | 126) echo "x86vm: the VM harness failed (status $rc)" ;;
*) ;;
esac
exit $rc
