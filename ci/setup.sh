#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/setup.sh: install everything ringfence needs to build, test and benchmark on
# Debian 12, using apt only. Idempotent: when every package is present it does nothing.
#
# --arm64: also what the arm64 suite needs (ci/arm64.sh): the cross compiler, qemu-user,
# qemu-system-arm and the :arm64 multiarch -dev packages, plus the cached arm64 kernel and
# busybox-static:arm64 (apt-get download) of the shared harness ../shared/arm64/setup.sh.
set -euo pipefail
arm64=0
[ "${1:-}" = --arm64 ] && arm64=1
# --runtime: only what running the sandbox needs (./rf), no test VMs.
runtime_only=0
[ "${1:-}" = --runtime ] && runtime_only=1

pkgs=(
    # build
    gcc libc6-dev meson ninja-build pkg-config
    # libraries: instruction decode, the runtime's own seccomp filter, unit tests
    libcapstone-dev libseccomp-dev libcmocka-dev
    # e2e corpus: static musl programs and busybox applets (native run is the oracle)
    musl-tools busybox-static
    # e2e shell scenarios: the static bash that runs them besides busybox sh
    bash-static
    # bench/: the comparison sandbox
    runsc
)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "ci/setup.sh: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ $arm64 = 1 ]; then
    shared=$(cd "$(dirname "$0")/../.." && pwd)/shared/arm64/setup.sh
    [ -x "$shared" ] || { echo "ci/setup.sh: $shared not found (the shared arm64 harness)" >&2; exit 1; }
    # Host packages: gcc-aarch64-linux-gnu, qemu-user, qemu-system-arm, binutils, cpio;
    # :arm64 packages: libc6, libcmocka-dev, libcapstone-dev, libseccomp-dev, pkgconf.
    "$shared" >/dev/null 2>"${TMPDIR:-/tmp}/rf-arm64-setup.log" ||
        { cat "${TMPDIR:-/tmp}/rf-arm64-setup.log" >&2; exit 1; }
fi

# The emulated x86 VM with a faithful KVM that tests the KVM platform (ci/x86vm.sh): qemu, the
# Debian kernel and busybox, cached in ~/.cache/x86vm. Idempotent, ~0.2 s when all is present.
x86vm_setup="$(dirname "$0")/../../shared/x86vm/setup.sh"
if [ $runtime_only = 0 ] && [ "$(uname -m)" = x86_64 ] && [ -x "$x86vm_setup" ]; then
    "$x86vm_setup" >/dev/null
fi
