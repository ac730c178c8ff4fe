#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ci/test.sh: the whole test suite (README's test command; .ci/run calls it).
# Installs dependencies, lints, builds, runs every meson suite, then the arm64 suite
# (ci/arm64.sh: cross build, unit tests under qemu-aarch64, e2e corpus in an arm64 VM),
# and ends with one line "N passed, N failed[, N skipped]" counting all of them.
# Exit status is non-zero if anything failed. RF_SKIP_ARM64=1 leaves the arm64 suite out.
set -uo pipefail
cd "$(dirname "$0")/.."

arm64=1
[ "${RF_SKIP_ARM64:-0}" = 1 ] && arm64=0
setup_args=()
[ $arm64 = 1 ] && setup_args=(--arm64)
bash ci/setup.sh "${setup_args[@]}" || { echo "ci/setup.sh failed"; echo "0 passed, 1 failed"; exit 1; }
if ! bash ci/build.sh; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# Extra "N passed, N failed" lines from the non-meson steps, summed below.
extra=$(mktemp "${TMPDIR:-/tmp}/rf-ci.XXXXXX")
trap 'rm -f "$extra"' EXIT

bash ci/lint.sh | tee build/lint.log
tail -n 1 build/lint.log >>"$extra"

meson test -C build --no-rebuild --print-errorlogs "$@"
status=$?

if [ $arm64 = 1 ]; then
    t0=$SECONDS
    bash ci/arm64.sh 2>&1 | tee build/arm64.log
    echo "arm64 suite: $((SECONDS - t0)) s"
    tail -n 1 build/arm64.log >>"$extra"
fi

# Summarise from meson's machine-readable log (one JSON object per test) plus the extra lines.
python3 - build/meson-logs/testlog.json "$extra" <<'PY'
import json, os, re, sys
passed = failed = skipped = 0
try:
    lines = open(sys.argv[1]).read().splitlines()
except OSError:
    lines = []
for line in lines:
    if not line.strip():
        continue
    r = json.loads(line).get("result", "")
    if r in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif r == "SKIP":
        skipped += 1
    else:
        failed += 1
for line in open(sys.argv[2]).read().splitlines():
    m = re.fullmatch(r"(\d+) passed, (\d+) failed", line.strip())
    if m:
        passed += int(m.group(1))
        failed += int(m.group(2))
    else:
        print(f"a step ended without its summary line: {line!r}")
        failed += 1
# In CI every dependency is installed, so a skip means something is missing.
if os.environ.get("CI") == "true" and skipped:
    print(f"{skipped} tests skipped in CI: treated as failures")
    failed += skipped
    skipped = 0
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
summary=$?
[ $status -ne 0 ] && [ $summary -eq 0 ] && exit $status
exit $summary
