# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/gzip-stream.sh: gzip/gunzip through pipes and files reproduce the original bytes.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

seq 1 50000 | md5sum
seq 1 50000 | gzip -c | gzip -dc | md5sum
seq 1 50000 | gzip -1 | cat | zcat | md5sum
seq 1 50000 >data
gzip data
[ -e data ] || echo "data replaced by data.gz"
gunzip -c data.gz | wc -l
gunzip data.gz
md5sum data
echo "not gzip" | gzip -dc 2>/dev/null
echo "gunzip of garbage -> $?"
