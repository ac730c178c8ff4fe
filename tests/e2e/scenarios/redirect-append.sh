# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/redirect-append.sh: >> from the shell, from children and from a loop keeps every line.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

i=0
while [ $i -lt 100 ]; do
    echo "line $i" >>log
    i=$((i + 1))
done
for n in a b c; do
    sh -c "echo child $n" >>log
done
(echo subshell) >>log
echo braces | { cat; echo more; } >>log
wc -l <log
head -n 2 log
tail -n 5 log
for n in 1 2 3; do echo "loop $n"; done >>log2
cat log2 log2 >>log2.copy
cat log2.copy | wc -l
