# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/trap-exit.sh: the EXIT trap runs on exit, on falling off the end and after set -e; keeps $?.
sh -c 'trap "echo exit trap sees \$?" EXIT; exit 4'
echo "exit 4 with EXIT trap -> $?"
sh -c 'trap "echo end-of-script trap" EXIT; echo body'
echo "-> $?"
sh -c 'set -e; trap "echo set -e trap" EXIT; false; echo not reached'
echo "set -e -> $?"
sh -c 'trap "echo trap then exit 9; exit 9" EXIT; exit 1'
echo "trap overrides status -> $?"
sh -c 'trap "echo cleared" EXIT; trap - EXIT; exit 0'
echo "cleared trap -> $?"
{ sh -c 'trap "echo TERM handler; exit 11" TERM; trap "echo EXIT after TERM" EXIT; kill -TERM $$; echo not reached'; } 2>/dev/null
echo "TERM trap -> $?"
trap 'echo "main script EXIT trap, status $?"' EXIT
exit 5
