# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bash-signals.sh: bash's wait -n, $BASHPID in subshells, and traps on ERR and RETURN.
# shells: bash-static (wait -n, BASHPID and the ERR/RETURN traps are bash features)
sleep 100 &
slow=$!
(exit 3) &
wait -n
echo "wait -n -> $?"
# bash may report the killed job before `wait` runs: one redirection hides either report.
{ kill $slow; wait $slow; } 2>/dev/null
echo "slow job -> $?"
[ "$BASHPID" = $$ ] && echo "BASHPID is \$\$ in the main shell"
( [ "$BASHPID" != $$ ] && echo "BASHPID differs in a subshell" )
trap 'echo "ERR trap at status $?"' ERR
false
trap - ERR
f() { trap 'echo "RETURN trap"' RETURN; return 0; }
f
trap - RETURN
trap 'echo "USR2 via kill -s"' USR2
kill -s SIGUSR2 $$
