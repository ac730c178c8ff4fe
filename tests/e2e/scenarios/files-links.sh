# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/files-links.sh: hard links, symlinks, rename over a file and unlink of an open file.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

echo original >file
ln file hard
ln -s file soft
ln -s missing dangling
stat -c '%n %h %F' file hard soft dangling
readlink soft
cat soft
echo appended >>hard
cat file
[ -e dangling ] || echo "dangling link does not exist"
[ -L dangling ] && echo "but is a symlink"
echo new >other
mv other file
cat file hard
stat -c '%n %h' file hard
exec 3<hard
rm hard
cat <&3
exec 3<&-
[ -e hard ] || echo "hard is gone"
cp file copy
cmp file copy && echo "copy identical"
chmod 600 copy
stat -c '%n %a' copy
touch -r file copy 2>/dev/null
ls
