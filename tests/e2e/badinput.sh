#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/badinput.sh: programs ringfence must refuse: expect status 126/127 and a one-line reason.
#
# usage: badinput.sh RINGFENCE HELLO CASE
#   HELLO is a good static x86-64 ELF (for interp-missing a dynamic one); the corrupt
#   copies are made from it in a temp dir.
#   CASE: trunc100 trunc1000 empty machine phoff-huge phoff-eof phnum
#         dir text noexec missing notinpath interp-missing      (list: badinput.sh --cases)
# There is no native oracle: the kernel's answers are not the contract (Linux runs the
# 1000-byte truncation and only crashes once it touches a page past EOF).
set -u

cases="trunc100 trunc1000 empty machine phoff-huge phoff-eof phnum dir text noexec missing notinpath
interp-missing"
if [ "${1:-}" = --cases ]; then
    echo "$cases"
    exit 0
fi
[ $# = 3 ] || { echo "usage: badinput.sh RINGFENCE HELLO CASE" >&2; exit 1; }
rf=$1 hello=$2 case=$3

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
e2e_need mktemp head dd wc cp chmod od tr sed cmp
rf=$(e2e_abs "$rf")
[ -x "$rf" ] || e2e_die "ringfence binary '$rf' is not executable"
[ -f "$hello" ] || e2e_die "hello binary '$hello' missing"
e2e_mktemp
t=$E2E_TMP

# Overwrites bytes of $1 at offset $2 with the octal escapes in $3 (ELF64 little-endian offsets:
# e_machine 18, e_phoff 32, e_phnum 56).
patch() {
    printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none || e2e_die "patching $1 failed"
}

prog=$t/prog
want=126
case $case in
trunc100) head -c 100 "$hello" >"$prog" ;;
trunc1000) head -c 1000 "$hello" >"$prog" ;;
empty) : >"$prog" ;;
machine) cp "$hello" "$prog" && patch "$prog" 18 '\267\000' ;;            # EM_AARCH64 = 183
phoff-huge) cp "$hello" "$prog" && patch "$prog" 32 '\000\377\377\377\377\377\377\377' ;;
phoff-eof)
    # Program headers claimed to start 64 bytes before the end: the table runs past EOF.
    cp "$hello" "$prog"
    size=$(wc -c <"$prog")
    off=$((size - 64))
    esc=
    for i in 0 1 2 3 4 5 6 7; do
        esc="$esc$(printf '\\%03o' $(((off >> (8 * i)) & 255)))"
    done
    patch "$prog" 32 "$esc"
    ;;
phnum) cp "$hello" "$prog" && patch "$prog" 56 '\377\377' ;;
dir) mkdir "$prog" ;;
text) printf 'echo this is a shell script without a shebang line\nexit 3\n' >"$prog" ;;
noexec) cp "$hello" "$prog" && chmod 644 "$prog" ;;
missing) prog=$t/does-not-exist; want=127 ;;
notinpath)
    # A bare name is looked up in PATH; nothing on any PATH has this name.
    prog=rf-e2e-no-such-command-5c1f0a
    command -v "$prog" >/dev/null 2>&1 && e2e_die "'$prog' unexpectedly exists in PATH"
    want=127
    ;;
interp-missing)
    # HELLO is the dynamic hello here (meson.build): its PT_INTERP, altered, names a
    # file that does not exist: 127 with the interpreter named, as a shell says
    # "required file not found".
    LC_ALL=C sed 's|/ld-linux-|/ld-nopex-|' "$hello" >"$prog"
    cmp -s "$hello" "$prog" && e2e_die "$hello names no /ld-linux-* interpreter"
    want=127
    ;;
*) e2e_die "unknown case '$case' (known: $cases)" ;;
esac
[ -e "$prog" ] && [ ! -d "$prog" ] && [ "$case" != noexec ] && chmod 755 "$prog"

platform=${RINGFENCE_PLATFORM:-ptrace}
cmd=("$rf" run "--platform=$platform" -- "$prog")
ulimit -c 0 2>/dev/null
{ "${cmd[@]}" </dev/null >"$t/out" 2>"$t/err"; } 2>/dev/null
st=$?

echo "case $case: ${cmd[*]} -> status $st (want $want)"
fail=0
if [ "$st" != "$want" ]; then
    echo "FAIL: status $st, want $want"
    fail=1
fi
lines=$(wc -l <"$t/err")
bytes=$(wc -c <"$t/err")
last=$(tail -c 1 "$t/err" | od -An -c | tr -d ' ')
if [ "$lines" != 1 ] || [ "$last" != '\n' ] || [ "$bytes" -le 1 ]; then
    echo "FAIL: stderr must be exactly one non-empty line, got $lines line(s), $bytes bytes"
    fail=1
fi
if [ -s "$t/out" ]; then
    echo "FAIL: stdout must be empty"
    fail=1
fi
e2e_show stderr "$t/err"
[ $fail = 0 ] || e2e_show stdout "$t/out"
[ $fail = 0 ] && echo PASS
exit $fail
