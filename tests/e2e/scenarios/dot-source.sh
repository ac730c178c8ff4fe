# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/dot-source.sh: . runs a file in the current shell: variables, functions and return.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

cat >lib.sh <<'END'
lib_var="set by lib"
lib_fn() { echo "lib_fn called with $1"; }
[ -n "$early" ] && return 3
after_return=yes
END
. ./lib.sh
echo "$lib_var"
lib_fn arg
echo "after_return=${after_return-unset}"
unset after_return
early=1
. ./lib.sh
echo "early return -> $? after_return=${after_return-unset}"
(. ./missing.sh) 2>/dev/null || echo "sourcing a missing file fails"
