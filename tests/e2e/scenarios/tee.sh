# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/tee.sh: tee copies stdin to files and stdout; -a appends; works mid-pipeline.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

echo "first" | tee f1 f2
echo "second" | tee -a f1 >/dev/null
cat f1
cat f2
seq 1 5 | tee mid | awk '{ s += $1 } END { print "sum", s }'
wc -l <mid
seq 1 100000 | tee big | md5sum
md5sum <big
echo "to stderr too" | tee /dev/stderr 2>&1 >/dev/null | sed 's/^/stderr copy: /'
