#!/usr/bin/env bash
# ci/setup.sh: install everything ringfence needs to build, test and benchmark on
# Debian 12, using apt only. Idempotent: when every package is present it does nothing.
set -euo pipefail

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

# The emulated x86 VM with a faithful KVM that tests the KVM platform (ci/x86vm.sh): qemu, the
# Debian kernel and busybox, cached in ~/.cache/x86vm. Idempotent, ~0.2 s when all is present.
x86vm_setup="$(dirname "$0")/../../shared/x86vm/setup.sh"
if [ "$(uname -m)" = x86_64 ] && [ -x "$x86vm_setup" ]; then
    "$x86vm_setup" >/dev/null
fi
