# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipe-checksum.sh: checksums of large streams are unchanged by cat | cat.
seq 1 300000 | md5sum
seq 1 300000 | cat | cat | md5sum
head -c 5000000 /dev/zero | tr '\0' 'a' | cat | cat | md5sum
yes 'the quick brown fox' | head -n 200000 | cat | sha256sum
seq 1 100000 | sed 's/$/ line/' | cat | cat | cat | sha1sum
