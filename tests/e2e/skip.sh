#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/skip.sh: stands in for a test whose prerequisite was missing at configure time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
e2e_skip "$*"
