# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bash-procsubst.sh: process substitution <( ) and >( ) through /dev/fd paths.
# shells: bash-static (process substitution is a bash feature)
diff <(seq 1 5) <(seq 1 6)
echo "diff -> $?"
cmp <(seq 1 1000) <(seq 1 1000) && echo "identical streams"
while read -r n; do echo "read $n"; done < <(seq 1 3)
paste <(printf 'a\nb\n') <(printf '1\n2\n')
echo "through a writer" > >(tr a-z A-Z)
wait $!
case $(echo <(true)) in /dev/fd/*) echo "the path is under /dev/fd" ;; *) echo "unexpected path" ;; esac
