# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/set-e.sh: set -e stops at a failing simple command but not in tested contexts.
set -e
false || echo "|| is tested"
if false; then :; else echo "if condition is tested"; fi
while false; do :; done
! true
echo "negation does not trigger set -e"
false && echo never
echo "&& list head is tested"
v=$(false; echo "subst continues? no") || echo "subst status $?"
(set -e; false; echo "set -e is off inside a subshell tested by ||") || echo "subshell failed with $?"
f() { false; echo "function continues"; }
f || true
echo "function under || ran to its end"
sh -c 'set -e; echo before; sh -c "exit 6"; echo after'
echo "not reached: the failing sh -c above ends the script with status 6"
