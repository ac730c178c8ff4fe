# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/cmdsubst.sh: $( ) and backticks: nesting, trailing newlines, status, word splitting.
a=$(echo hello)
b=`echo world`
echo "$a $b"
echo "nested: $(echo "outer $(echo "inner $(echo core)")")"
t=$(printf 'x\n\n\n')
echo "trailing newlines stripped: [$t]"
m=$(printf 'one\ntwo\n')
echo "inner newline kept: [$m]"
s=$(sh -c 'echo out; exit 7')
echo "status $? value $s"
count=$(seq 1 1000 | wc -l)
echo "count=$count"
set -- $(echo "a  b   c")
echo "split into $#"
echo "quoted: $(echo '$HOME is not expanded' )"
echo "arith on subst: $(( $(echo 6) * $(echo 7) ))"
big=$(seq 1 20000)
echo "big subst length ${#big}"
