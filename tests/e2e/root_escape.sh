#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/root_escape.sh: --root confinement: symlinks, "..", host paths and /proc/self/root must not escape.
#
# usage: root_escape.sh RINGFENCE READFILE CASE      (list: root_escape.sh --cases)
#   READFILE is the static readfile guest (exit 0 read, 3 open failed). Per run we build
#     $tmp/secret                 token outside the root
#     $tmp/outside-bin/readfile-outside
#     $tmp/root/{readfile,bin/readfile,inside.txt,sub/,...symlinks}
#   escape-*   : readfile PATH must exit 3 (it ran, open failed) and the token must not appear
#   inside-*   : readfile PATH must exit 0 and print the inside token
#   noprog-*   : a program outside the root must not be found: status 127
set -u

escape_cases="escape-rel escape-abs escape-chain escape-dirlink escape-dirlink-dotdot escape-dotdot
escape-dotdot-deep escape-dotdot-relative escape-hostpath escape-hostroot-link escape-proc-root
escape-proc-cwd escape-proc-1-root"
inside_cases="inside-plain inside-abs-link inside-rel-link inside-dotdot-clamped inside-path-lookup"
noprog_cases="noprog-hostpath noprog-symlink noprog-path"
if [ "${1:-}" = --cases ]; then
    echo $escape_cases $inside_cases $noprog_cases
    exit 0
fi
[ $# = 3 ] || { echo "usage: root_escape.sh RINGFENCE READFILE CASE" >&2; exit 1; }
rf=$1 readfile=$2 case=$3

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
e2e_need mktemp cp ln mkdir grep od head tr wc
rf=$(e2e_abs "$rf")
[ -x "$rf" ] || e2e_die "ringfence binary '$rf' is not executable"
[ -f "$readfile" ] || e2e_die "readfile binary '$readfile' missing"
e2e_mktemp
t=$E2E_TMP
root=$t/root

# Tokens are per run so a stale file elsewhere cannot fake a result.
secret="RF-E2E-SECRET-$$-$RANDOM$RANDOM"
inside="RF-E2E-INSIDE-$$-$RANDOM$RANDOM"
printf '%s\n' "$secret" >"$t/secret"
mkdir -p "$root/bin" "$root/sub/deeper" "$t/outside-bin"
printf '%s\n' "$inside" >"$root/inside.txt"
cp "$readfile" "$root/readfile"
cp "$readfile" "$root/bin/readfile"
cp "$readfile" "$t/outside-bin/readfile-outside"
chmod 755 "$root/readfile" "$root/bin/readfile" "$t/outside-bin/readfile-outside"

# Symlinks that resolve outside the root when followed on the host.
ln -s ../secret "$root/esc_rel"
ln -s "$t/secret" "$root/esc_abs"
ln -s chain2 "$root/chain1"
ln -s sub/deeper/chain3 "$root/chain2"
ln -s ../../../secret "$root/sub/deeper/chain3"
ln -s .. "$root/updir"
ln -s / "$root/hostroot"
ln -s "$t/outside-bin/readfile-outside" "$root/prog_esc"
# Symlinks that must resolve inside the root.
ln -s /inside.txt "$root/in_abs"
ln -s sub/../inside.txt "$root/in_rel"

# Relative to any cwd: more ".." than the host path is deep, then the host path of the secret.
dots=../../../../../../../../../../../../../../../..

want=3
find=$secret
ringfence_path=
prog=/readfile
case $case in
escape-rel) arg=/esc_rel ;;
escape-abs) arg=/esc_abs ;;
escape-chain) arg=/chain1 ;;
escape-dirlink) arg=/updir/secret ;;
escape-dirlink-dotdot) arg=/updir/root/../secret ;;
escape-dotdot) arg=/../secret ;;
escape-dotdot-deep) arg=/../../../../../../../../..$t/secret ;;
escape-dotdot-relative) arg=$dots$t/secret ;;
escape-hostpath) arg=$t/secret ;;
escape-hostroot-link) arg=/hostroot$t/secret ;;
escape-proc-root) arg=/proc/self/root$t/secret ;;
escape-proc-cwd) arg=/proc/self/cwd/$dots$t/secret ;;
escape-proc-1-root) arg=/proc/1/root$t/secret ;;
inside-plain) arg=/inside.txt want=0 find=$inside ;;
inside-abs-link) arg=/in_abs want=0 find=$inside ;;
inside-rel-link) arg=/in_rel want=0 find=$inside ;;
inside-dotdot-clamped) arg=/../../sub/../../inside.txt want=0 find=$inside ;;
inside-path-lookup)
    # A bare name is searched in PATH beneath the root: /bin/readfile.
    prog=readfile arg=/inside.txt want=0 find=$inside ringfence_path=/bin
    ;;
noprog-hostpath) prog=$t/outside-bin/readfile-outside arg=/inside.txt want=127 find= ;;
noprog-symlink) prog=/prog_esc arg=/inside.txt want=127 find= ;;
noprog-path)
    # On the host this PATH entry holds the program; beneath the root it does not exist.
    prog=readfile-outside arg=/inside.txt want=127 find= ringfence_path=$t/outside-bin
    ;;
*) e2e_die "unknown case '$case' (known: $escape_cases $inside_cases $noprog_cases)" ;;
esac

platform=${RINGFENCE_PLATFORM:-ptrace}
cmd=("$rf" run "--platform=$platform" --root "$root" -- "$prog" "$arg")
ulimit -c 0 2>/dev/null
if [ -n "$ringfence_path" ]; then
    # Prepended, so the launcher's own tools stay findable; nothing else is beneath the root.
    { PATH=$ringfence_path:$PATH "${cmd[@]}" </dev/null >"$t/out" 2>"$t/err"; } 2>/dev/null
else
    { "${cmd[@]}" </dev/null >"$t/out" 2>"$t/err"; } 2>/dev/null
fi
st=$?

echo "case $case: ${ringfence_path:+PATH=$ringfence_path:... }${cmd[*]} -> status $st (want $want)"
fail=0
if grep -qF "$secret" "$t/out" "$t/err"; then
    echo "FAIL: the secret outside the root was read"
    fail=1
fi
if [ "$st" != "$want" ]; then
    echo "FAIL: status $st, want $want"
    fail=1
fi
if [ -n "$find" ] && [ "$find" = "$inside" ] && ! grep -qF "$inside" "$t/out"; then
    echo "FAIL: the file inside the root was not printed"
    fail=1
fi
if [ "$want" = 3 ] && ! [ -s "$t/err" ]; then
    echo "FAIL: readfile should have reported the open error on stderr"
    fail=1
fi
e2e_show stdout "$t/out"
e2e_show stderr "$t/err"
[ $fail = 0 ] && echo PASS
exit $fail
