# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bg-wait.sh: background jobs run concurrently; wait collects them and their statuses.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

for n in 1 2 3 4 5; do
    (echo "job $n" >"out.$n") &
done
wait
cat out.1 out.2 out.3 out.4 out.5
(exit 5) &
p=$!
wait $p
echo "wait \$! -> $?"
sh -c 'exit 9' &
q=$!
sh -c 'exit 0' &
r=$!
wait $r
echo "second -> $?"
wait $q
echo "first -> $?"
sleep 0.2 &
wait
echo "wait with no jobs left -> $?"
seq 1 3 | (while read -r i; do echo "bg reads $i"; done >bgout) &
wait $!
cat bgout
