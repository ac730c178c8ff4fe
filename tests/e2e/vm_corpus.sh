#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/e2e/vm_corpus.sh: inside the arm64 VM, run each manifest case and shell scenario natively (the oracle) and under ringfence; compare.
#
# Runs under busybox sh as the program of ../shared/arm64/run-in-vm.sh, with everything
# ci/arm64.sh ships flat in /work: ringfence, the corpus binaries, vm_manifest.txt
# (format in tests/e2e/meson.build), e2e-data.tar, arm64_xfail.txt, unit-vm.txt,
# test_vcpu, bench_getpid and bench_kvm_exits; for the shell scenarios the directory
# scenarios/ (tests/e2e/scenarios), scen_cases.txt (`scenario.sh --cases`: SHELL:NAME:
# pass|xfail) and bash-static (arm64). RF_PLATFORMS (comma-separated, default ptrace)
# lists the platforms each case runs on; a case on a platform other than ptrace is
# named "<platform>-<case>". RF_SCEN_BUSYBOX and RF_SCEN_BASH_STATIC (same format,
# default RF_PLATFORMS, "none" for no run) pick the platforms of each scenario shell;
# RF_SCEN_ONLY_BUSYBOX and RF_SCEN_ONLY_BASH_STATIC (comma-separated scenario names,
# default all) limit a shell to those scenarios, and RF_SCEN_PIN (NAME:PLATFORM,...)
# runs those scenarios on one platform only (ci/arm64.sh says why).
# Per result it prints "RFTEST <PASS|FAIL|XFAIL|XPASS|SKIP> <name>", failure details
# below it, "RFTIME ..." and "RFBENCH ..." lines, and "RFDONE" last. Exit status 0.
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

# The uptime in hundredths of a second, in $cs; since T0: the seconds from T0 to now
# (two decimals), in $took. Builtins only: every run is timed, and each fork costs
# milliseconds in this emulated VM.
now() { read -r up _ </proc/uptime; cs=${up%.*}${up#*.}; }
since() { now; dcs=$((cs - $1)); took=$((dcs / 100)).$((dcs / 10 % 10))$((dcs % 10)); }

# Known deviations: "name reason..." lines; a listed case that passes is an XPASS (a failure).
xfails=$(grep -v '^#' "$W/arm64_xfail.txt" 2>/dev/null)
# The reason NAME is listed with, in $xf ("" when it is not listed). Like every helper
# here it runs in the caller's shell, so its variables have names of their own.
xfail_reason() {
    xf=
    case "
$xfails" in *"
$1 "* | *"
$1	"*) ;; *) return ;; esac
    while read -r xn xr; do
        [ "$xn" = "$1" ] && { xf=$xr; break; }
    done <<EOF
$xfails
EOF
}

show() {
    echo "--- $1:"
    head -c 3000 "$2"
    echo
}

# What a run_case gets besides its arguments, set by the caller: the platforms, the
# working directory, extra environment (K=V words without blanks, for both runs), a
# command prefix bounding the ringfence run, an expected-failure reason from elsewhere
# than arm64_xfail.txt, and a tag: when set, each run's "TAG platform seconds" goes to
# $t/times (native runs count as platform "native").
plats=$platforms cwd=/tmp/rf-cwd envs='' limit='' listed='' timetag=''

run_case() {
    name=$1 want=$2 stdin=${3:-/dev/null} prog=$4
    shift 4
    case $prog in /*) ;; *) prog=$W/$prog ;; esac
    if [ ! -x "$prog" ]; then
        echo "RFTEST FAIL $name"
        echo "missing program $prog"
        return
    fi
    # busybox sh reports a child killed by a signal on that child's redirected
    # stderr; redirecting inside a subshell keeps the report out of the compared
    # files (and `{ (cmd) >file; }` loses the redirection in busybox 1.35's ash).
    # The cd is in the subshell too, so both runs inherit the same PWD and OLDPWD.
    now; t0=$cs
    # shellcheck disable=SC2086
    (cd "$cwd" && exec <"$stdin" >"$t/n.out" 2>"$t/n.err" && exec env -u _ $envs "$prog" "$@")
    ns=$?
    since "$t0"
    [ -z "$timetag" ] || echo "$timetag native $took" >>"$t/times"
    for plat in $plats; do
        case $plat in ptrace) pname=$name ;; *) pname=$plat-$name ;; esac
        run_platform "$pname" "$plat" "$want" "$stdin" "$prog" "$@"
    done
}

# One platform's run of a case, compared with the native run in $t/n.*.
run_platform() {
    tname=$1 plat=$2 want=$3 stdin=$4 prog=$5
    shift 5
    now; t0=$cs
    # shellcheck disable=SC2086
    (cd "$cwd" && exec <"$stdin" >"$t/s.out" 2>"$t/s.err" &&
        exec $limit env -u _ $envs "$rf" run --platform="$plat" -- "$prog" "$@")
    ss=$?
    since "$t0"
    [ -z "$timetag" ] || echo "$timetag $plat $took" >>"$t/times"
    why=
    case $want in -) ;; "$ns") ;; *) why="$why native-status-$ns-want-$want" ;; esac
    cmp -s "$t/n.out" "$t/s.out" || why="$why stdout"
    cmp -s "$t/n.err" "$t/s.err" || why="$why stderr"
    [ "$ns" = "$ss" ] || why="$why status-native-$ns-ringfence-$ss"
    [ "$ss" != 137 ] || [ -z "$limit" ] || why="$why (killed by '$limit'?)"
    xfail_reason "$tname"
    [ -n "$xf" ] || xf=$listed
    if [ -z "$why" ]; then
        if [ -n "$xf" ]; then
            echo "RFTEST XPASS $tname (listed as failing: $xf)"
        else
            echo "RFTEST PASS $tname ${took}s"
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

now; start=$cs
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
since "$start"
echo "RFTIME corpus ${took}s"

# ---- Shell scenarios (tests/e2e/scenarios), as tests/e2e/scenario.sh runs them on x86:
# SHELL NAME.sh from the scenarios directory with PATH=scenario-bin/SHELL (busybox applet
# links plus sh, and bash for bash-static, naming the shell under test), LC_ALL=C and
# TMPDIR=/tmp; named e2e-scen-SHELL-NAME as the x86 meson tests are.
scen_plats_busybox=$(echo "${RF_SCEN_BUSYBOX:-${RF_PLATFORMS:-ptrace}}" | tr ',' ' ')
scen_plats_bash=$(echo "${RF_SCEN_BASH_STATIC:-${RF_PLATFORMS:-ptrace}}" | tr ',' ' ')

# The platforms SHELL NAME runs on, in $plats; those it is left out on, in $skipped,
# with the reason in $skip.
scen_plan() {
    skip='' skipped=''
    case $1 in
    busybox) plats=$scen_plats_busybox only=${RF_SCEN_ONLY_BUSYBOX:-} ;;
    *) plats=$scen_plats_bash only=${RF_SCEN_ONLY_BASH_STATIC:-} ;;
    esac
    [ "$plats" != none ] || plats=
    case ",${only:-$2}," in *",$2,"*) ;; *) skip="left out under $1 for the VM's time budget (ci/arm64.sh)" ;; esac
    if [ -n "$skip" ]; then
        skipped=$plats plats=
        return
    fi
    # RF_SCEN_PIN: NAME:PLATFORM,... runs NAME on that platform only.
    case ",${RF_SCEN_PIN:-}," in *",$2:"*) ;; *) return ;; esac
    pin=",$RF_SCEN_PIN,"
    pin=${pin#*",$2:"}
    pin=${pin%%,*}
    all=$plats plats=
    for p in $all; do
        if [ "$p" = "$pin" ]; then plats="$plats $p"; else skipped="$skipped $p"; fi
    done
    skip="run on $pin only, for the VM's time budget (ci/arm64.sh)"
}

if [ -f "$W/scen_cases.txt" ]; then
    # The x86 runs get these from the host: /bin/bash-static, and udev's /dev links
    # (the sandbox's /dev has them, so the oracle needs them too).
    [ ! -f "$W/bash-static" ] || mv "$W/bash-static" /bin/bash-static
    [ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
    [ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
    [ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
    [ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
    for sh in busybox bash-static; do
        d=$W/scenario-bin/$sh
        mkdir -p "$d" && /bin/busybox --install -s "$d"
        case $sh in
        busybox) ln -sfn /bin/busybox "$d/sh" ;;
        *) ln -sfn /bin/$sh "$d/sh" && ln -sfn /bin/$sh "$d/bash" ;;
        esac
    done
    # A hung scenario must not eat the VM's whole time (meson gives each 120 s on x86).
    limit="timeout -s KILL ${RF_SCEN_TIMEOUT:-300}"
    cwd=$W/scenarios
    : >"$t/times"
    now; start=$cs
    while IFS=: read -r sh scen expect <&3; do
        scen_plan "$sh" "$scen"
        for plat in $skipped; do
            case $plat in ptrace) pname=e2e-scen-$sh-$scen ;; *) pname=$plat-e2e-scen-$sh-$scen ;; esac
            echo "RFTEST SKIP $pname ($skip)"
        done
        [ -n "$plats" ] || continue
        listed=
        [ "$expect" != xfail ] || listed="scenarios/xfail.txt: $(sed -n "s/^${sh}:${scen}[[:space:]]*//p" "$cwd/xfail.txt")"
        envs="PATH=$W/scenario-bin/$sh LC_ALL=C TMPDIR=/tmp"
        timetag=$sh
        # Want "-": the status is compared with the native one, not pinned (as scenario.sh).
        case $sh in
        busybox) run_case "e2e-scen-$sh-$scen" - /dev/null /bin/busybox sh "$scen.sh" ;;
        *) run_case "e2e-scen-$sh-$scen" - /dev/null "/bin/$sh" "$scen.sh" ;;
        esac
    done 3<"$W/scen_cases.txt"
    # Seconds per shell and platform (native included): the VM's time budget.
    awk '{ s[$1 " " $2] += $3; n[$1 " " $2]++ }
         END { for (k in s) printf "RFTIME scenarios %s %.1fs (%d runs)\n", k, s[k], n[k] }' "$t/times" | sort
    since "$start"
    echo "RFTIME scenarios ${took}s"
    plats=$platforms cwd=/tmp/rf-cwd envs='' limit='' listed='' timetag=''
fi

# The bash of the scripts below (the scenarios moved bash-static to /bin).
bash=/bin/bash-static
[ -x "$bash" ] || bash=$W/bash-static

# The ptrace stub moves the host vDSO for the guest (ptrace/ptrace.c): 2000 clock reads
# must be vDSO calls, not trapped syscalls (tests/e2e/vdso.sh on the host does the same).
case " $platforms " in *" ptrace "*)
    if [ -x "$W/clock-glibc" ]; then
        "$rf" run --platform=ptrace --strace -- "$W/clock-glibc" 2000 >"$t/v.out" 2>"$t/v.err"
        rc=$?
        n=$(grep -cE '^(clock_gettime|gettimeofday|time)\(' "$t/v.err")
        if [ $rc -eq 0 ] && [ "$n" -le 5 ]; then
            echo "RFTEST PASS ptrace-vdso ($n clock syscalls for 2000 reads)"
        else
            echo "RFTEST FAIL ptrace-vdso: status $rc, $n clock syscalls for 2000 reads"
            tail -n 5 "$t/v.err"
        fi
    fi
    # What the stub holds and maps (tests/e2e/stub_isolation.sh, a bash script).
    if [ -x "$bash" ] && [ -f "$W/stub_isolation.sh" ] && [ -x "$W/readfile-glibc" ]; then
        if TMPDIR=/tmp "$bash" "$W/stub_isolation.sh" "$rf" "$W/readfile-glibc" >"$t/v.out" 2>&1; then
            echo "RFTEST PASS ptrace-stub-isolation"
        else
            echo "RFTEST FAIL ptrace-stub-isolation"
            tail -n 20 "$t/v.out"
        fi
    fi ;;
esac

# Scripts that hold the runtime to a property on each platform (tests/e2e/*.sh):
# random system calls with hostile arguments (fuzz.sh; it runs less of them in an
# emulated VM), and huge sizes and bad buffers on a /tmp file (bigfile.sh).
# run_script NAME SCRIPT PROG: "RFTEST PASS <platform>-NAME (its ok: lines)" per platform.
run_script() {
    [ -x "$bash" ] && [ -f "$W/$2" ] && [ -x "$W/$3" ] || return 0
    for plat in $platforms; do
        if RINGFENCE_PLATFORM=$plat TMPDIR=/tmp "$bash" "$W/$2" "$rf" "$W/$3" >"$t/v.out" 2>&1; then
            echo "RFTEST PASS $plat-$1 ($(sed -n 's/^ok: //p' "$t/v.out" | paste -sd';'))"
        else
            echo "RFTEST FAIL $plat-$1"
            tail -n 30 "$t/v.out"
        fi
    done
}
run_script fuzz-syscalls fuzz.sh fuzz-glibc
run_script bigfile bigfile.sh bigfile-glibc

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
