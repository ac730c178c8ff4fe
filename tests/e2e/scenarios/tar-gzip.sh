# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/tar-gzip.sh: tar + gzip round trip of a tree in /tmp; contents and modes survive.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

mkdir -p src/sub/deeper src/empty
seq 1 20000 >src/numbers.txt
echo "hello tar" >src/sub/hello.txt
head -c 70000 /dev/zero | tr '\0' 'q' >src/sub/deeper/qs.bin
printf '#!/bin/sh\necho run\n' >src/sub/script.sh
chmod 755 src/sub/script.sh
chmod 600 src/sub/hello.txt
ln -s sub/hello.txt src/link
tar cf plain.tar src
gzip -9 plain.tar
ls
gzip -t plain.tar.gz && echo "gzip -t ok"
tar tzf plain.tar.gz | sort
mkdir out
tar xzf plain.tar.gz -C out
(cd src && find . -type f -exec md5sum {} + | sort -k 2) >before
(cd out/src && find . -type f -exec md5sum {} + | sort -k 2) >after
cmp before after && echo "contents identical"
cat after
stat -c '%n %a %F' out/src/sub/script.sh out/src/sub/hello.txt out/src/link out/src/empty
readlink out/src/link
tar czf - -C src sub | tar tzf - | sort
gunzip plain.tar.gz
tar tf plain.tar | wc -l
