# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/sort-uniq.sh: sort | uniq -c counts, numeric and reverse sorts, keys and -u.
words='pear apple pear fig apple pear banana fig pear'
printf '%s\n' $words | sort | uniq -c
printf '%s\n' $words | sort | uniq -c | sort -rn | head -n 2
printf '%s\n' $words | sort -u
printf '%s\n' $words | sort | uniq -d
printf '%s\n' 10 9 100 1 -3 | sort -n
printf '%s\n' 10 9 100 1 -3 | sort
printf 'b 2\na 3\nc 1\n' | sort -k 2n
printf 'b 2\na 3\nc 1\n' | sort -r
seq 1 5000 | sort -rn | head -n 3
