# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/param-expansion.sh: ${...} defaults, lengths, prefix/suffix removal, positional params.
path=/usr/local/lib/libfoo.so.1.2
echo "${path##*/} ${path#*/} ${path%/*} ${path%%.*} ${path%.*}"
echo "length ${#path}"
unset u
empty=
echo "[${u-unset}] [${u:-default}] [${empty-set-but-empty}] [${empty:-empty-default}]"
echo "[${u+alt}] [${path:+alt}] [${empty:+alt}]"
: "${assigned:=now-set}"
echo "assigned=$assigned"
(: "${u:?is required}") 2>/dev/null || echo "u:? failed with $?"
set -- alpha "beta gamma" delta
echo "count $#; first $1; second $2; all $*"
for w in "$@"; do echo "arg <$w>"; done
for w in $*; do echo "word <$w>"; done
IFS=,
echo "joined: $*"
IFS=' '
v="  two   spaces  "
echo "[$v]" [$v]
