# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/set-options.sh: set -u, -x, -f, -n and -- change how later commands run.
sh -c 'set -u; echo "$undefined_variable"; echo not reached' 2>/dev/null
echo "set -u on an unset variable -> $?"
sh -c 'set -u; echo "default ${undefined_variable:-ok}"'
sh -c 'set -x; a=1; echo "traced $a"' 2>&1
sh -c 'set -f; echo /*' 
sh -c 'set -n; echo "not executed under -n"'
echo "set -n -> $?"
set -- -x -y
echo "positional: $1 $2"
set --
echo "cleared: $#"
case $- in *e*) echo "errexit on" ;; *) echo "errexit off" ;; esac
