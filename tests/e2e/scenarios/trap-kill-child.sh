# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/trap-kill-child.sh: a parent kills a background shell whose TERM trap cleans up and exits 7.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

(
    trap 'echo "child: caught TERM" >>log; exit 7' TERM
    : >ready
    while :; do sleep 0.05; done
) &
child=$!
n=0
while [ ! -e ready ]; do
    sleep 0.01
    n=$((n + 1))
    [ $n -lt 1000 ] || { echo "child never got ready"; exit 1; }
done
kill -TERM $child
wait $child
echo "child status $?"
cat log
sh -c 'trap "echo inner got USR2; exit 3" USR2; kill -USR2 $$; echo not reached'
echo "self-signalled child -> $?"
