# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/text-tools.sh: sed, awk, cut, tr, paste, nl and rev chained over generated text.
seq 1 12 | paste - - - | awk '{ print $1 + $2 + $3 }'
seq 1 5 | sed -n '2,4p'
seq 1 5 | sed '1d; $s/$/ (last)/'
printf 'k1=v1\nk2=v2\n' | cut -d= -f2 | tr '\n' ','
echo
printf 'alpha beta\ngamma delta\n' | awk '{ print NR ": " $2 " " length($1) }'
echo 'Hello, World' | tr '[:upper:]' '[:lower:]' | tr -d ','
printf 'b\na\nb\n' | nl -ba
echo 'abc' | rev
printf 'x y z\n' | awk -F' ' '{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? " " : "\n") }'
seq 1 10 | paste -sd+ | bc
