# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/read-loop.sh: while read loops split fields with IFS, keep backslashes with -r.
while IFS=: read -r user uid shell; do
    printf '%-6s uid=%-4s shell=%s\n' "$user" "$uid" "$shell"
done <<'END'
root:0:/bin/sh
daemon:1:/usr/sbin/nologin
guest:1000:/bin/bash-static
END
printf 'a\\tb\n' | { read -r raw; echo "raw: $raw"; }
printf 'a\\tb\n' | { read cooked; echo "cooked: $cooked"; }
echo "one two three four" | { read -r a b rest; echo "a=$a b=$b rest=$rest"; }
echo "   padded   " | { IFS= read -r keep; echo "[$keep]"; }
echo "   padded   " | { read -r trim; echo "[$trim]"; }
n=0
seq 1 10 | while read -r x; do n=$((n + x)); echo "running total $n"; done | tail -n 1
printf 'no newline at end' | { read -r last; echo "status $? value '$last'"; }
