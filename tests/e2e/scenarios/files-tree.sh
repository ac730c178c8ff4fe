# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/files-tree.sh: create, rename and delete a file tree in /tmp; list it in a stable order.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

mkdir -p a/b/c a/d e
for f in a/1.txt a/b/2.txt a/b/c/3.txt a/d/4.txt e/5.txt; do
    echo "content of $f" >"$f"
done
find . | sort
echo "--- rename"
mv a/b/2.txt a/b/two.txt
mv a/d e/d
mv e/5.txt a/b/c/
mv a/b a/bee
find . | sort
echo "--- delete"
rm a/1.txt
rm -r e/d
rmdir e
rmdir a 2>/dev/null || echo "rmdir of a non-empty dir fails"
find . | sort
cat a/bee/c/5.txt a/bee/two.txt
echo "--- ls"
ls a/bee
ls -1 a/bee/c
echo "--- sizes"
for f in $(find . -type f | sort); do echo "$f $(wc -c <"$f")"; done
rm -r a
find . | sort
