# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/xargs.sh: xargs batches arguments, -n splits them, -I substitutes, exit status propagates.
printf '%s\n' a b c d e | xargs echo
printf '%s\n' a b c d e | xargs -n 2 echo
printf '%s\n' one two | xargs -I{} echo "item {} done"
seq 1 1000 | xargs | wc -w
seq 1 10 | xargs -n 3 sh -c 'echo "$# args: $*"' sh
echo "x y" | xargs -n 1 sh -c 'exit 3' sh
echo "xargs with failing command -> $?"
printf '' | xargs echo "empty input runs once:"
printf 'a b\0c\0' | xargs -0 -n 1 echo
