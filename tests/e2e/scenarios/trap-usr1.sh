# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/trap-usr1.sh: trap runs handlers for signals sent with kill to $$; reset kills the shell.
count=0
trap 'count=$((count + 1)); echo "got USR1 ($count)"' USR1
kill -USR1 $$
echo "after first kill"
kill -s USR1 $$
kill -10 $$
echo "count=$count"
trap 'echo "got USR2"' USR2
trap 'echo "got HUP"' HUP
kill -USR2 $$
kill -HUP $$
trap 'echo "USR1 from a child"' USR1
sh -c 'kill -USR1 $PPID'
echo "after the child"
trap '' USR2
kill -USR2 $$
echo "USR2 ignored, still here"
trap - USR1
kill -USR1 $$
echo "not reached: the default action of SIGUSR1 ends the shell (status 138)"
