# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/eval-quoting.sh: eval, nested quoting, IFS splitting and "$@" versus $*.
cmd='echo "eval runs: $((1 + 2))"'
eval "$cmd"
var=name
eval "$var=assigned"
echo "name=$name"
eval 'for i in 1 2; do echo "loop $i"; done'
s='a "b c" d'
set -- $s
echo "$# words from unquoted expansion"
eval "set -- $s"
echo "$# words after eval"
echo 'single $quote' "double \$quote \"inner\"" \$escaped
IFS=:
set -- $(echo "x:y::z")
echo "colon split: $#"
IFS=' 	
'
q="it's"
echo "$q" 'a\b' "a\\b"
printf '%s\n' "tab	inside"
