# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/dev-null-zero.sh: /dev/null swallows and reads empty; /dev/zero reads zeros.
head -c 16 /dev/zero | od -An -tx1
echo "discarded" >/dev/null
echo "write to /dev/null -> $?"
cat /dev/null | wc -c
wc -c </dev/null
dd if=/dev/zero of=/dev/null bs=4096 count=256 2>/dev/null
echo "dd zero -> null: $?"
dd if=/dev/zero bs=1000 count=3 2>/dev/null | od -An -c | head -n 1
seq 1 100000 >/dev/null
echo "big write to /dev/null -> $?"
[ -c /dev/null ] && echo "/dev/null is a character device"
[ -c /dev/zero ] && echo "/dev/zero is a character device"
stat -c '%n %F' /dev/null /dev/zero
