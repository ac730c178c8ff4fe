# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/subshell.sh: ( ) isolates variables, cwd, traps and exit, and reports its status.
x=outer
(x=inner; echo "inside: $x")
echo "outside: $x"
(cd / && pwd)
[ "$(pwd)" = / ] && echo "cwd leaked" || echo "cwd kept"
( exit 3 ); echo "( exit 3 ) -> $?"
(false); echo "(false) -> $?"
(true); echo "(true) -> $?"
( (exit 5); echo "inner exit 5 -> $?"; exit 6 ); echo "outer -> $?"
(exit 255); echo "255 -> $?"
(set -e; false; echo "not reached"); echo "set -e subshell -> $?"
(trap 'echo subshell EXIT trap' EXIT; exit 2); echo "trap subshell -> $?"
v=$( (exit 4) ); echo "cmdsubst of subshell -> $?"
( ( ( echo deep ) ) )
