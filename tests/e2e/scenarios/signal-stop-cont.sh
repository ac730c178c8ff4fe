# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/signal-stop-cont.sh: SIGSTOP and SIGCONT pause and resume a job; the job finishes normally.
# No EXIT trap here: bash runs it in a background child that is signalled before it has exec'd.
# bash may report a killed job as soon as it notices, before `wait`: each kill+wait pair
# shares one redirection so that report is hidden whichever command prints it.
sleep 100 &
p=$!
{ kill -STOP $p; kill -CONT $p; kill -TERM $p; wait $p; } 2>/dev/null
echo "stopped, continued, terminated -> $?"
sh -c 'kill -STOP $$; echo "child resumed"; exit 3' &
p=$!
# Poll the child's state with a read loop: no command substitution (a fork) while a child stops.
n=0
st=
while :; do
    while read -r key val rest; do [ "$key" = State: ] && st=$val; done </proc/$p/status
    [ "$st" = T ] && break
    n=$((n + 1))
    [ $n -lt 1000 ] || { echo "child never stopped"; exit 1; }
    sleep 0.01
done
echo "child is stopped"
kill -CONT $p
wait $p
echo "continued child -> $?"
sleep 100 &
{ kill -STOP $!; kill -KILL $!; wait $!; } 2>/dev/null
echo "SIGKILL of a stopped job -> $?"
