# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/umask-stat.sh: umask masks the modes of new files and directories (stat -c %a).
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

for m in 022 077 002 027 000; do
    umask $m
    echo "umask $(umask)"
    : >"file-$m"
    mkdir "dir-$m"
    stat -c '  %n %a' "file-$m" "dir-$m"
done
umask 022
touch late
chmod 4755 late
stat -c '%n %a' late
chmod u-s,g+w late
stat -c '%n %a' late
(umask 077; sh -c 'umask; : >child-file')
stat -c '%n %a' child-file
umask
