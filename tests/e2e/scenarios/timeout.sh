# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/timeout.sh: timeout ends a slow child with SIGTERM (143); a fast child keeps its status.
{ timeout 1 sleep 100; } 2>/dev/null
echo "timeout 1 sleep 100 -> $?"
timeout 5 sh -c 'exit 4'
echo "fast child -> $?"
{ timeout -s KILL 1 sh -c 'trap "" TERM; sleep 100'; } 2>/dev/null
echo "KILL through a TERM trap -> $?"
sleep 0.1
echo "sleep 0.1 -> $?"
