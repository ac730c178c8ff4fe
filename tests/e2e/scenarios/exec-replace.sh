# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/exec-replace.sh: exec replaces the shell; its status is the script's, later lines never run.
echo "before exec"
(exec sh -c 'echo "in subshell exec"; exit 4')
echo "subshell exec -> $?"
exec sh -c 'echo "replaced the shell"; exit 9'
echo "not reached"
