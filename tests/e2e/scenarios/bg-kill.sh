# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bg-kill.sh: kill $! and kill %1 end a background sleep; wait reports 128+SIGTERM.
# bash may notice a child's end, and report it, before the next command runs: so each
# job is waited for by pid (bash keeps $!'s status; a dead job %1 it forgets, and
# `wait %1` then says 127), and a report bash prints goes where wait's stderr goes.
sleep 100 &
kill $!
wait $! 2>/dev/null
echo "kill \$! then wait \$! -> $?"
sleep 100 &
kill %1
wait $! 2>/dev/null
echo "kill %1 then wait \$! -> $?"
sleep 100 &
p=$!
{ kill -KILL $p; wait $p; } 2>/dev/null
echo "SIGKILL -> $?"
sleep 100 &
{ kill -USR1 $!; wait $!; } 2>/dev/null
echo "SIGUSR1 -> $?"
kill -0 $! 2>/dev/null || echo "kill -0 on a reaped job fails"
