# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/fork-subshell-200.sh: 200 forks without exec: subshells and command substitutions.
i=0
while [ $i -lt 200 ]; do
    (: )
    i=$((i + 1))
done
echo "$i subshells"
acc=
i=0
while [ $i -lt 200 ]; do
    acc=$(echo "$acc" | tr -d '\n')x
    i=$((i + 1))
done
echo "${#acc} substitutions"
i=0
while [ $i -lt 50 ]; do
    ( (exit $((i % 7))) ) && : || : 
    i=$((i + 1))
done &
wait $!
echo "background loop -> $?"
