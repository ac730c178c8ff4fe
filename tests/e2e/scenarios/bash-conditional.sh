# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bash-conditional.sh: [[ ]] patterns, regex captures, (( )) and brace expansion.
# shells: bash-static ([[ ]], =~, (( )) and {a..b} are bash features)
f=archive.tar.gz
[[ $f == *.tar.* ]] && echo "glob match"
[[ $f =~ ^([a-z]+)\.(tar)\.(gz)$ ]] && echo "regex: ${BASH_REMATCH[1]} ${BASH_REMATCH[3]}"
[[ -n $f && ! -d $f ]] && echo "compound test"
(( 3 > 2 )) && echo "arithmetic command"
(( i = 5, i *= 2 ))
echo "i=$i"
echo {1..5} {a..e} {01..03} x{A,B}y
for ((k = 0; k < 3; k++)); do printf '%d ' $k; done
echo
s="Hello World"
echo "${s,,} ${s^^} ${s/World/There} ${s:6:3}"
printf -v out '%05d' 42
echo "$out"
