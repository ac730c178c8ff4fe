# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/functions-local.sh: functions, recursion, local (dynamic scope), return, positional args.
fact() {
    local n=$1
    if [ "$n" -le 1 ]; then echo 1; return; fi
    echo $((n * $(fact $((n - 1)))))
}
echo "10! = $(fact 10)"
x=global
show() { echo "show sees x=$x"; }
outer() {
    local x=outer-local
    show
    inner
    echo "outer after inner: x=$x"
}
inner() { x=changed-by-inner; }
outer
echo "global x=$x"
args() { echo "$# args: $*"; shift; echo "after shift: $1"; }
args one "two three" four
check() { return "$1"; }
check 0 && echo "return 0 is success"
check 3 || echo "return 3 -> $?"
set -- outer1 outer2
args inner1 inner2 inner3
echo "script args survive: $*"
redefine() { echo first; }
redefine
redefine() { echo second; }
redefine
unset -f redefine
(redefine) 2>/dev/null || echo "unset -f removed it"
