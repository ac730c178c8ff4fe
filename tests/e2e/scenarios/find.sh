# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/find.sh: find by type, name, size, depth and emptiness over a tree made in /tmp.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

mkdir -p x/src/lib x/doc x/empty-dir
echo 'int main(void) { return 0; }' >x/src/main.c
echo 'void f(void) {}' >x/src/lib/f.c
echo '# notes' >x/doc/README.md
head -c 5000 /dev/zero >x/doc/big.bin
: >x/empty-file
ln -s src/main.c x/link
find x -type f | sort
echo ---
find x -type d | sort
echo ---
find x -name '*.c' | sort
echo ---
find x -type l
echo ---
find x -size +4k
echo ---
find x -empty | sort
echo ---
find x -maxdepth 1 | sort
echo ---
find x -name '*.c' -exec cat {} \; | sort
echo ---
find x -type f -name '*.md' -o -type f -name '*.bin' | sort
echo ---
find x -path x/src -prune -o -type f -print | sort
echo ---
find x/nonexistent 2>&1
echo "find missing -> $?"
