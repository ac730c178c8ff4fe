# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/sh-c-nesting.sh: sh -c nests shells three deep; $0, args, quoting and status pass through.
sh -c 'echo "level 1: \$0=$0 \$1=$1 \$#=$#"' zero one two
sh -c 'sh -c "sh -c \"echo level 3; exit 5\"; echo level 2 got \$?; exit 6"'
echo "level 1 got $?"
sh -c 'for a in "$@"; do echo "<$a>"; done' sh 'with space' '' '$dollar' "it's"
v=exported; export v
sh -c 'sh -c "echo inherited: \$v"'
sh -c 'w=local-only; sh -c "echo not inherited: [\$w]"'
echo "echo from stdin" | sh
printf 'echo line one\nexit 8\necho not reached\n' | sh
echo "sh from stdin -> $?"
sh -c 'exec sh -c "echo exec chain; exit 12"'
echo "exec chain -> $?"
