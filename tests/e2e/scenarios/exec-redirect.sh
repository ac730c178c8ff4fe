# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/exec-redirect.sh: exec opens, duplicates, moves and closes the shell's own fds.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

exec 3>out
echo "via fd 3" >&3
echo "again fd 3" >&3
exec 3>&-
cat out
exec 4<out
read -r first <&4
read -r second <&4
exec 4<&-
echo "read: $first / $second"
exec 5>&1
exec >redirected
echo "this goes to the file"
exec 1>&5 5>&-
echo "restored; file has: $(cat redirected)"
exec 6<>rw
echo "read-write fd" >&6
exec 6>&-
cat rw
if (echo closed >&3) 2>/dev/null; then echo "fd 3 still open"; else echo "fd 3 closed"; fi
exec 7</dev/null
cat <&7 | wc -c
exec 7<&-
