#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/scenario.sh: run one shell scenario (scenarios/NAME.sh) under bash-static or busybox sh, natively and in ringfence.
#
# usage: scenario.sh --cases
#            prints one SHELL:NAME:EXPECT per registered pair (EXPECT is pass, or xfail when
#            the pair is listed in scenarios/xfail.txt)
#        scenario.sh RINGFENCE BINDIR SHELL NAME
#            compares scenarios/NAME.sh run by SHELL (bash-static: /bin/bash-static SCRIPT;
#            busybox: /bin/busybox sh SCRIPT) through compare.sh
#        scenario.sh --triage RINGFENCE BINDIR
#            runs every pair and prints the failing ones in scenarios/xfail.txt's format, each
#            with the first syscall ringfence reported unsupported (or the first FAIL line):
#            `scenario.sh --triage build/ringfence build/tests/e2e/scenario-bin` refreshes the list
#
# Every scenario runs under both shells unless its header has a line "# shells: bash-static"
# (a scenario that needs a bash feature).
#
# The scenarios compare two shells with the same tools in both VMs, whose roots have no
# coreutils, so they get PATH=BINDIR/SHELL: busybox's applets as symlinks, plus `sh`
# (and for bash-static `bash`) naming the shell under test, so `sh -c` nests the same shell.
# Nothing else is on PATH: a scenario that needs a tool busybox lacks fails natively too.
# BINDIR/SHELL is made on first use, atomically (parallel tests race for it). It must be a
# directory the guest sees: the build tree, not /tmp (the guest gets a /tmp of its own).
# The run's cwd is the scenarios directory and the script is named as NAME.sh, so the shell's
# messages ("NAME.sh: line 3: ...") carry no host path. LC_ALL=C and TMPDIR=/tmp are fixed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
scen=$here/scenarios
shells="bash-static busybox"

# shells_of NAME: the shells a scenario is registered for.
shells_of() {
    local want
    want=$(sed -n '1,6s/^# shells: *\([a-z -]*\).*/\1/p' "$scen/$1.sh" | head -n 1)
    [ -n "$want" ] || want=$shells
    # The marker may carry an explanation in parentheses; keep the shell names only.
    printf '%s\n' "${want%% (*}"
}

# expect_of SHELL NAME: xfail when scenarios/xfail.txt lists SHELL:NAME, else pass.
expect_of() {
    if [ -f "$scen/xfail.txt" ] && grep -q "^$1:$2\( \|$\)" "$scen/xfail.txt"; then
        echo xfail
    else
        echo pass
    fi
}

# pairs: every registered SHELL:NAME.
pairs() {
    local f name sh
    for f in "$scen"/*.sh; do
        name=$(basename "$f" .sh)
        for sh in $(shells_of "$name"); do
            echo "$sh:$name"
        done
    done
}

case ${1:-} in
--cases)
    for p in $(pairs); do
        echo "$p:$(expect_of "${p%%:*}" "${p#*:}")"
    done
    exit 0
    ;;
--triage)
    [ $# -eq 3 ] || e2e_die "usage: scenario.sh --triage RINGFENCE BINDIR"
    for p in $(pairs); do
        log=$(bash "$0" "$2" "$3" "${p%%:*}" "${p#*:}" 2>&1)
        case $? in 0 | 77) continue ;; esac
        why=$(printf '%s\n' "$log" | grep -o -m 1 'unsupported syscall [a-z0-9_]* ([0-9]*)' | head -n 1)
        [ -n "$why" ] || why=$(printf '%s\n' "$log" | grep -m 1 '^FAIL')
        printf '%-40s %s\n' "$p" "$why"
    done
    exit 0
    ;;
esac

[ $# -eq 4 ] || e2e_die "usage: scenario.sh --cases | scenario.sh RINGFENCE BINDIR SHELL NAME"
rf=$(e2e_abs "$1")
bindir=$2
shell=$3
name=$4
[ -f "$scen/$name.sh" ] || e2e_die "no scenario $scen/$name.sh"
case " $(shells_of "$name") " in
*" $shell "*) ;;
*) e2e_die "scenario $name is not registered for $shell" ;;
esac

case $shell in
bash-static) run=(/bin/bash-static "$name.sh") ;;
busybox) run=(/bin/busybox sh "$name.sh") ;;
*) e2e_die "unknown shell '$shell' (bash-static or busybox)" ;;
esac
[ -x /bin/busybox ] || e2e_skip "/bin/busybox not found (Debian package busybox-static)"
[ -x "${run[0]}" ] || e2e_skip "${run[0]} not found (Debian package $shell)"

# make_bindir DIR SHELL: busybox applet links plus sh (and bash) for SHELL, made atomically.
make_bindir() {
    local dir=$1 tmp
    [ -e "$dir/.complete" ] && return 0
    mkdir -p "$(dirname "$dir")" || e2e_die "cannot create $(dirname "$dir")"
    tmp=$(mktemp -d "$dir.tmp.XXXXXX") || e2e_die "mktemp failed"
    /bin/busybox --install -s "$tmp" || e2e_die "busybox --install -s failed"
    case $2 in
    bash-static)
        ln -sfn /bin/bash-static "$tmp/sh"
        ln -sfn /bin/bash-static "$tmp/bash"
        ;;
    busybox) ln -sfn /bin/busybox "$tmp/sh" ;;
    esac
    : >"$tmp/.complete"
    chmod 755 "$tmp"
    # rename(2) onto a non-empty directory fails: whoever lost the race drops its copy.
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    [ -e "$dir/.complete" ] || e2e_die "could not create $dir"
}
bindir=$(e2e_abs "$bindir")
make_bindir "$bindir/$shell" "$shell"

cd "$scen" || e2e_die "cannot enter $scen"
exec bash "$here/compare.sh" "$rf" --env "PATH=$bindir/$shell" --env LC_ALL=C --env TMPDIR=/tmp \
    -- "${run[@]}"
