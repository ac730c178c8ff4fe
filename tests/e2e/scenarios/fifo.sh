# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/fifo.sh: a named pipe in /tmp connects a background writer to a reader.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

mkfifo p
stat -c '%n %F' p
(echo "through the fifo"; seq 1 3) >p &
cat p
wait $!
echo "writer -> $?"
seq 1 100000 >p &
wc -l <p
wait
exec 3<>p
echo "via a read-write fd" >&3
read -r line <&3
exec 3>&-
echo "$line"
