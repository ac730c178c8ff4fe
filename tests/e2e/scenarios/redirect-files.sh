# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/redirect-files.sh: >, >>, <, 2>, >&2, 2>&1 order, <> and noclobber on files in /tmp.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

echo one >f
echo two >>f
cat f
echo three >f
cat f
wc -l <f
{ echo out; echo err >&2; } >o 2>e
echo "o: $(cat o) e: $(cat e)"
{ echo out; echo err >&2; } >both 2>&1
sort both
{ echo out; echo err >&2; } 2>&1 >only-out | sed 's/^/piped: /'
echo "only-out: $(cat only-out)"
: >empty
wc -c <empty
printf 'abcdef\n' >rw
printf 'XY' 1<>rw
cat rw
set -C
if (echo clobber >f) 2>/dev/null; then echo "noclobber ignored"; else echo "noclobber refused"; fi
echo forced >|f
cat f
set +C
cat <missing 2>/dev/null || echo "missing input: status $?"
