# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bg-kill.sh: kill $! and kill %1 end a background sleep; wait reports 128+SIGTERM.
# bash reports a job killed by a signal on the shell's stderr when it reaps the job
# before `wait` runs (a race with SIGCHLD): each group's redirection covers that too.
sleep 100 &
{ kill $!; wait $!; } 2>/dev/null
echo "kill \$! then wait \$! -> $?"
sleep 100 &
{ kill %1; wait %1; } 2>/dev/null
echo "kill %1 then wait %1 -> $?"
sleep 100 &
p=$!
{ kill -KILL $p; wait $p; } 2>/dev/null
echo "SIGKILL -> $?"
sleep 100 &
{ kill -USR1 $!; wait $!; } 2>/dev/null
echo "SIGUSR1 -> $?"
kill -0 $! 2>/dev/null || echo "kill -0 on a reaped job fails"
