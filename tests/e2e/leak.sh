#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/leak.sh: the runtime's memory and descriptors stay flat across 1000 fork+exec+wait cycles.
#
# usage: leak.sh RINGFENCE
# Runs a busybox shell loop of N fork+exec+wait cycles (N = 100, then 1000) with
# --debug and reads the runtime's own "resources at exit" line:
#  - memfile_bytes must be 0 (every guest page returned to the memory file);
#  - host_fds must be the same for both runs (no descriptor leaked per cycle);
#  - peak RSS after 1000 cycles may exceed the 100-cycle run by at most BOUND_KIB
#    (4 MiB: an allocator's slack, far below what one leaked page per cycle would add).
set -euo pipefail
rf=$1
BOUND_KIB=4096
[ -x /bin/busybox ] || { echo "SKIP: /bin/busybox missing"; exit 77; }

run() {
    "$rf" run --debug -- /bin/busybox sh -c \
        "i=0; while [ \$i -lt $1 ]; do /bin/busybox true; i=\$((i+1)); done; echo \$i" 2>&1 |
        grep -E '^[0-9]+$|resources at exit' || true
}

# Warm up first: the first run after a build may run --platform=auto's KVM self-test
# (its verdict is cached per binary and boot), whose VM then stays open: three more
# descriptors, once, not per cycle.
"$rf" run -- /bin/busybox true >/dev/null 2>&1 || true
out100=$(run 100)
out1000=$(run 1000)
echo "100 cycles:  $out100"
echo "1000 cycles: $out1000"
field() { sed -n "s/.*resources at exit:.*$2=\([0-9-]*\).*/\1/p" <<<"$1"; }

fail=0
grep -qx 1000 <<<"$out1000" || { echo "FAIL: the loop did not complete 1000 cycles"; fail=1; }
for v in "$out100" "$out1000"; do
    [ "$(field "$v" memfile_bytes)" = 0 ] || { echo "FAIL: guest memory left in the memory file"; fail=1; }
done
[ "$(field "$out100" host_fds)" = "$(field "$out1000" host_fds)" ] ||
    { echo "FAIL: host descriptors grow with the number of cycles"; fail=1; }
r100=$(field "$out100" peak_rss_kib)
r1000=$(field "$out1000" peak_rss_kib)
[ -n "$r100" ] && [ -n "$r1000" ] || { echo "FAIL: no resource report"; exit 1; }
growth=$((r1000 - r100))
echo "peak RSS growth from 100 to 1000 cycles: ${growth} KiB (bound ${BOUND_KIB} KiB)"
[ "$growth" -le "$BOUND_KIB" ] || { echo "FAIL: runtime RSS grows with the number of cycles"; fail=1; }
exit $fail
