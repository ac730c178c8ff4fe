# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipeline-status.sh: $? of a pipeline is the last member's status; ! negates it.
true | false
echo "true | false -> $?"
false | true
echo "false | true -> $?"
sh -c 'exit 7' | sh -c 'exit 9'
echo "exit 7 | exit 9 -> $?"
sh -c 'exit 9' | sh -c 'exit 0'
echo "exit 9 | exit 0 -> $?"
! true
echo "! true -> $?"
! sh -c 'exit 4' | false
echo "! (exit 4 | false) -> $?"
cat /nonexistent-rf-scenario 2>/dev/null | wc -c
echo "cat missing | wc -> $?"
