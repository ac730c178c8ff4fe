#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/e2e/vm_corpus.sh: inside the arm64 VM, run each manifest case natively (the oracle) and under ringfence; compare.
#
# Runs under busybox sh as the program of ../shared/arm64/run-in-vm.sh, with everything
# ci/arm64.sh ships flat in /work: ringfence, the corpus binaries, vm_manifest.txt
# (format in tests/e2e/meson.build), e2e-data.tar, arm64_xfail.txt, unit-vm.txt,
# test_vcpu, bench_getpid and bench_kvm_exits. RF_PLATFORMS (comma-separated,
# default ptrace) lists the platforms each case runs on; a case on a platform other
# than ptrace is named "<platform>-<case>". Per result it prints
# "RFTEST <PASS|FAIL|XFAIL|XPASS> <name>", failure details below it, "RFBENCH ..."
# lines, and "RFDONE" last. Exit status 0.
set -u
W=/work
rf=$W/ringfence
platforms=$(echo "${RF_PLATFORMS:-ptrace}" | tr ',' ' ')
us=$(printf '\037')
t=/tmp/rf-e2e
mkdir -p "$t" /tmp/rf-cwd
ulimit -c 0

# The cases come from the CI host's list; give this initramfs the few files they read.
mkdir -p /etc /usr/share/doc/busybox /usr/share/doc/ringfence
[ -e /etc/passwd ] || echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
[ -e /etc/group ] || echo 'root:x:0:' >/etc/group
[ -e /etc/hostname ] || echo arm64vm >/etc/hostname
echo 'ringfence e2e in the arm64 VM' >/usr/share/doc/ringfence/README

now() { cut -d' ' -f1 /proc/uptime; }

# Known deviations: "name reason..." lines; a listed case that passes is an XPASS (a failure).
xfail_reason() {
    [ -f "$W/arm64_xfail.txt" ] || return 1
    grep -v '^#' "$W/arm64_xfail.txt" | while read -r n why; do
        [ "$n" = "$1" ] && { echo "$why"; break; }
    done | grep .
}

show() {
    echo "--- $1:"
    head -c 3000 "$2"
    echo
}

run_case() {
    name=$1 want=$2 stdin=${3:-/dev/null} prog=$4
    shift 4
    case $prog in /*) ;; *) prog=$W/$prog ;; esac
    if [ ! -x "$prog" ]; then
        echo "RFTEST FAIL $name"
        echo "missing program $prog"
        return
    fi
    cd /tmp/rf-cwd
    # busybox sh reports a child killed by a signal on that child's redirected
    # stderr; redirecting inside a subshell keeps the report out of the compared
    # files (and `{ (cmd) >file; }` loses the redirection in busybox 1.35's ash).
    (exec <"$stdin" >"$t/n.out" 2>"$t/n.err"; exec env -u _ "$prog" "$@")
    ns=$?
    cd /
    for plat in $platforms; do
        case $plat in ptrace) pname=$name ;; *) pname=$plat-$name ;; esac
        run_platform "$pname" "$plat" "$want" "$stdin" "$prog" "$@"
    done
}

# One platform's run of a case, compared with the native run in $t/n.*.
run_platform() {
    tname=$1 plat=$2 want=$3 stdin=$4 prog=$5
    shift 5
    cd /tmp/rf-cwd
    t0=$(now)
    (exec <"$stdin" >"$t/s.out" 2>"$t/s.err"; exec env -u _ "$rf" run --platform="$plat" -- "$prog" "$@")
    ss=$?
    t1=$(now)
    cd /
    why=
    [ "$ns" = "$want" ] || why="$why native-status-$ns-want-$want"
    cmp -s "$t/n.out" "$t/s.out" || why="$why stdout"
    cmp -s "$t/n.err" "$t/s.err" || why="$why stderr"
    [ "$ns" = "$ss" ] || why="$why status-native-$ns-ringfence-$ss"
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    xf=$(xfail_reason "$tname")
    if [ -z "$why" ]; then
        if [ -n "$xf" ]; then
            echo "RFTEST XPASS $tname (listed in arm64_xfail.txt: $xf)"
        else
            echo "RFTEST PASS $tname ${secs}s"
        fi
        return
    fi
    if [ -n "$xf" ]; then
        echo "RFTEST XFAIL $tname ($xf)"
        return
    fi
    echo "RFTEST FAIL $tname:$why"
    diff -u "$t/n.out" "$t/s.out" | head -n 40
    diff -u "$t/n.err" "$t/s.err" | head -n 40
    case $ss in 125 | 126 | 127) show "ringfence stderr" "$t/s.err" ;; esac
}

start=$(now)
while IFS= read -r line <&3; do
    IFS=$us
    set -f
    # shellcheck disable=SC2086
    set -- $line
    set +f
    IFS=' 	
'
    kind=$1
    shift
    case $kind in
    data)
        mkdir -p "${1%/*}"
        tar -xf "$W/e2e-data.tar" -C "${1%/*}"
        ;;
    env) export "$1" ;;
    case) run_case "$@" ;;
    esac
done 3<"$W/vm_manifest.txt"
echo "RFTIME corpus $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')s"

# Unit tests that need a real arm64 kernel (tests/unit/meson.build: unit-vm).
if [ -f "$W/unit-vm.txt" ]; then
    while read -r u; do
        [ -n "$u" ] || continue
        if (cd /tmp && "$W/$u" >"$t/u.out" 2>&1); then
            echo "RFTEST PASS unit-vm-$u"
        else
            echo "RFTEST FAIL unit-vm-$u"
            tail -n 40 "$t/u.out"
        fi
    done <"$W/unit-vm.txt"
fi

# vCPU-level tests of the KVM platform (tests/kvm): a skip (no /dev/kvm) is a failure here.
case " $platforms " in *" kvm "*)
    if [ -x "$W/test_vcpu" ]; then
        if (cd /tmp && "$W/test_vcpu" >"$t/u.out" 2>&1); then
            echo "RFTEST PASS kvm-test_vcpu"
            grep 'round trip' "$t/u.out"
        else
            echo "RFTEST FAIL kvm-test_vcpu"
            tail -n 40 "$t/u.out"
        fi
    fi ;;
esac

# getpid cost, native and on each platform, in this VM (bench/getpid.c).
if [ -x "$W/bench_getpid" ]; then
    for i in 1 2 3; do
        echo "RFBENCH getpid native $("$W/bench_getpid" 100000 | awk '{ print $2 }')"
        for plat in $platforms; do
            case $plat in ptrace) label=ringfence ;; *) label=ringfence-$plat ;; esac
            echo "RFBENCH getpid $label $("$rf" run --platform="$plat" -- "$W/bench_getpid" 2000 | awk '{ print $2 }')"
        done
    done
fi
# VM exits per operation and the exit round trip on kvm (bench/kvm_exits.c).
case " $platforms " in *" kvm "*)
    if [ -x "$W/bench_kvm_exits" ]; then
        "$W/bench_kvm_exits" "$rf" "$W/bench_getpid" 2>&1 | sed 's/^/RFKVM /'
    fi ;;
esac
echo "RFDONE"
exit 0
