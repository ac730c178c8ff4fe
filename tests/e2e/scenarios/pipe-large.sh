# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipe-large.sh: 10 MB of zeros and 1 MB of text cross pipes without loss.
head -c 10000000 /dev/zero | wc -c
head -c 10000000 /dev/zero | cat | tr '\0' 'z' | tail -c 5
echo
seq 1 150000 | wc -l
dd if=/dev/zero bs=65536 count=64 2>/dev/null | wc -c
