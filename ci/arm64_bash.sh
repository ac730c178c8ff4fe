#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/arm64_bash.sh: fetch bash-static:arm64 through apt once, cache it beside the VM's busybox, print its path.
#
# The arm64 VM runs the shell scenarios under bash-static too; like ../shared/arm64/setup.sh
# does for busybox-static:arm64, the binary comes from `apt-get download` + `dpkg-deb -x`
# and stays in $ARM64_CACHE (default ~/.cache/arm64vm) as bash-static (+ .version).
# Needs the arm64 apt lists, which setup.sh makes sure of (run it first). Exit 1 on failure.
set -euo pipefail
cache=${ARM64_CACHE:-"$HOME/.cache/arm64vm"}
if [ -s "$cache/bash-static" ]; then
    echo "$cache/bash-static"
    exit 0
fi
mkdir -p "$cache"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/arm64bash.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt's unprivileged _apt user downloads into the directory (else apt warns).
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
download() { (cd "$tmp" && apt-get download -q bash-static:arm64) >&2; }
if ! download; then
    # Stale lists give a 404: refresh them once, as setup.sh does.
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    "${sudo[@]}" apt-get update -qq >&2 || { echo "ci/arm64_bash.sh: apt-get update failed" >&2; exit 1; }
    download || { echo "ci/arm64_bash.sh: apt-get download bash-static:arm64 failed" >&2; exit 1; }
fi
deb=$(ls "$tmp"/bash-static_*_arm64.deb)
dpkg-deb -x "$deb" "$tmp/x"
install -m 0755 "$tmp/x/bin/bash-static" "$cache/bash-static.new"
dpkg-deb -f "$deb" Version >"$cache/bash-static.version"
mv "$cache/bash-static.new" "$cache/bash-static"
echo "$cache/bash-static"
