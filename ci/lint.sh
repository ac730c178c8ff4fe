#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/lint.sh: project rules a compiler does not check; prints each violation, ends with "N passed, N failed".
#
#  no-arch-if     kernel/, kvm/ and ptrace/ hold no architecture #if (DESIGN.md: the arch is
#                 chosen only in meson.build and abi/linux.h; differences go through arch/arch.h)
#  arch-files     arch/amd64 and arch/arm64 provide the same file names
#  spdx-header    every C, assembly, shell and meson file starts with an SPDX line and a
#                 one-line "path: purpose" comment
#  no-cxx-comment no // comments in C and headers
# Exit status 0 when every check passed.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
check() { # NAME OUTPUT
    if [ -z "$2" ]; then
        echo "PASS lint-$1"
        passed=$((passed + 1))
    else
        echo "FAIL lint-$1"
        printf '%s\n' "$2" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

files() { git ls-files -- "$@" 2>/dev/null; }

# Architecture macros a compiler or this build defines; a test of any of them in generic
# code is an arch leak. Testing an ABI fact (#ifdef LINUX_NR_open) is fine.
arch_re='__(x86_64|amd64|i386|aarch64|arm|arm64|riscv|loongarch|powerpc|s390)(__)?\b|\bRF_ARCH_[A-Z0-9_]+|\bCONFIG_(X86|ARM64)\b|__(ARM|AARCH64)_[A-Z_]+'
out=$(files 'kernel/*.[ch]' 'kvm/*.[ch]' 'ptrace/*.[ch]' 'kvm/**' 'ptrace/**' |
    sort -u | grep -E '\.(c|h|S)$' | while read -r f; do
        grep -nE "^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif)\b.*($arch_re)" "$f" /dev/null
    done)
check no-arch-if "$out"

# Both arches provide the same files (arch/arch.h is one contract).
out=$(diff <(cd arch/amd64 && find . -type f | sort) <(cd arch/arm64 && find . -type f | sort))
check arch-files "$out"

out=$(files '*.c' '*.h' '*.S' '*.sh' '*meson.build' 'rf' '.ci/run' | while read -r f; do
    [ -f "$f" ] || continue
    # A shebang line may come first.
    hdr=$(grep -v '^#!' "$f" | head -n 2)
    l1=$(sed -n 1p <<<"$hdr")
    l2=$(sed -n 2p <<<"$hdr")
    case $l1 in *SPDX-License-Identifier:*) ;; *) echo "$f: first line is not an SPDX line"; continue ;; esac
    case $l2 in
    *"$f:"* | *"${f##*/}:"* | *"${f#*/}:"*) ;;
    *) echo "$f: second line is not a \"path: purpose\" comment" ;;
    esac
done)
check spdx-header "$out"

out=$(files '*.c' '*.h' | while read -r f; do
    # Strip string literals first so "http://..." does not count.
    sed -E 's/"([^"\\]|\\.)*"//g' "$f" | grep -nE '(^|[^:])//' | sed "s|^|$f:|"
done)
check no-cxx-comment "$out"

echo "$passed passed, $failed failed"
exit $((failed > 0))
