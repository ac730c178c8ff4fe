# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/signal-status.sh: a child killed by signal N reports 128+N; kill -l maps numbers to names.
for s in HUP TERM KILL USR1 USR2 ALRM; do
    { sh -c "kill -$s \$\$; sleep 5"; } 2>/dev/null
    st=$?
    echo "SIG$s -> $st ($(kill -l $st))"
done
{ sh -c 'kill -9 $$'; } 2>/dev/null
echo "kill -9 -> $?"
kill -l 15
kill -l 9
