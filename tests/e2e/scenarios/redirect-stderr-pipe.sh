# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/redirect-stderr-pipe.sh: 2>&1 | sends both streams down a pipe; errno texts survive.
sh -c 'echo to-out; echo to-err >&2' 2>&1 | sort
ls /nonexistent-rf-scenario 2>&1 | sed 's/^/ls says: /'
cat /nonexistent-rf-scenario 2>&1 >/dev/null | wc -l
sh -c 'echo only-err >&2' 2>/dev/null | wc -c
{ echo a; echo b >&2; echo c; } 2>&1 | tr '\n' ' '
echo
