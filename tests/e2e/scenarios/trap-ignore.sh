# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/trap-ignore.sh: trap '' ignores a signal, children inherit the ignore and cannot undo it.
trap '' USR1
kill -USR1 $$
echo "parent survived USR1"
sh -c 'kill -USR1 $$; echo "child survived inherited ignore"'
echo "-> $?"
sh -c 'trap - USR1; kill -USR1 $$; echo "child still ignores after trap -"'
echo "-> $?"
trap - USR1
{ sh -c 'kill -USR1 $$; echo not reached'; } 2>/dev/null
echo "default USR1 in a child -> $?"
{ sh -c 'trap "" TERM; sh -c "kill -TERM \$\$; echo grandchild survived"'; } 2>/dev/null
echo "-> $?"
