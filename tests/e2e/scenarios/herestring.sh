# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/herestring.sh: bash here-strings feed a word (plus a newline) to stdin.
# shells: bash-static (here-strings are a bash feature)
tr a-z A-Z <<<"here string"
read -r a b <<<"first second"
echo "$b $a"
wc -c <<<"12345"
x=$(seq 1 5)
sum=0
while read -r n; do sum=$((sum + n)); done <<<"$x"
echo "sum $sum"
md5sum <<<""
