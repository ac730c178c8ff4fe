#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/build.sh: configure (once) and build ringfence in build/ with meson + ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
    meson setup build >/dev/null
fi
ninja -C build >/dev/null
