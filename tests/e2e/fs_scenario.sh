#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/e2e/fs_scenario.sh: file-tree changes run natively on one scratch copy and in the sandbox on another; outputs must match and the sandbox's copy must stay byte-for-byte unchanged on the host.
#
# usage: fs_scenario.sh RINGFENCE FSOPS CASE      (list: fs_scenario.sh --cases)
#   FSOPS is the static tests/e2e/progs/fsops.c guest. Per run we build $t/tpl (the e2e data
#   tree plus extras), copy it to $t/native and $t/sandbox, and run the case with each copy as
#   the cwd: natively, then under `ringfence run` (root "/": the copy is part of the overlay's
#   lower layer). stdout, stderr and status must match, and a digest of $t/sandbox (names,
#   types, modes, sizes, link targets, contents, mtimes and ctimes) must be the same after.
#   fsops-*  : a script of fsops operations
#   root-*   : the same script with the copy as the root: `chroot` natively (needs root),
#              `ringfence run --root COPY --cwd /` in the sandbox
#   bb-*     : one busybox applet (skipped when /bin/busybox is missing)
set -u

fsops_cases="fsops-create fsops-rename fsops-delete fsops-attrs fsops-errors fsops-mmap fsops-tmp
fsops-proc fsops-dev root-fsops-delete root-fsops-rename"
bb_cases="bb-mkdir-p bb-mv-dir bb-rm-r bb-cp-a bb-ln-s bb-touch bb-chmod-R bb-mv-file-over"
if [ "${1:-}" = --cases ]; then
    echo $fsops_cases $bb_cases
    exit 0
fi
[ $# = 3 ] || { echo "usage: fs_scenario.sh RINGFENCE FSOPS CASE" >&2; exit 1; }
rf=$1 fsops=$2 case=$3

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
e2e_need mktemp cp find sort sha256sum diff cmp chmod ln mkdir rm
rf=$(e2e_abs "$rf")
fsops=$(e2e_abs "$fsops")
[ -x "$rf" ] || e2e_die "ringfence binary '$rf' is not executable"
[ -x "$fsops" ] || e2e_die "fsops binary '$fsops' missing"
e2e_mktemp
t=$E2E_TMP

tpl=$t/tpl
cp -a "$here/data/tree" "$tpl" || e2e_die "copying the data tree failed"
chmod -R u+w "$tpl"
mkdir -p "$tpl/deep/er/est"
printf 'deep file\n' >"$tpl/deep/er/est/leaf.txt"
printf 'mode 640\n' >"$tpl/private.txt"
chmod 640 "$tpl/private.txt"
ln -s deep/er "$tpl/link-er"
ln -s loop "$tpl/loop"
ln "$tpl/a.txt" "$tpl/a-hardlink.txt"
head -c 20000 /dev/zero | tr '\0' 'z' >"$tpl/big.txt"
cp -a "$tpl" "$t/native"
cp -a "$tpl" "$t/sandbox"
# A directory of /tmp (the host's natively, the sandbox's own inside) for the /tmp case.
tmpd=/tmp/rf-fsops-$$-$RANDOM

# Names, types, modes, sizes, link targets, mtimes and ctimes, then contents. GNU find has
# -printf with nanosecond times; busybox's (the x86 VM's only find) lacks it, so stat(1)
# there, with whole seconds.
digest() {
    (cd "$1" && { find . -printf '%p %y %m %s %l %T@ %C@\n' 2>/dev/null ||
        find . -exec stat -c '%n %F %a %s %N %Y %Z' {} +; } | sort &&
        find . -type f -exec sha256sum {} + | sort) | sha256sum
}

root=
case $case in
root-*)
    e2e_need chroot
    [ "$(id -u)" = 0 ] || e2e_skip "root-* cases need root for the native chroot oracle"
    root=1
    case=${case#root-}
    cp "$fsops" "$t/native/fsops" && cp "$fsops" "$t/sandbox/fsops" || e2e_die "copying fsops failed"
    ;;
esac
case $case in
fsops-create)
    cmd=(mkdir d 755 write d/f hello append d/f " world" cat d/f excl d/f excl d/g mkdir d 755
        mkdir d/e/f 755 symlink f d/l stat d/l cat d/l link d/f d/h stat d/f stat d
        write sub/new.txt "in a lower dir" cat sub/new.txt mkdir sub/newdir 700 stat sub
        tree .)
    ;;
fsops-rename)
    cmd=(rename a.txt a2.txt cat a2.txt stat a.txt rename sub sub2 cat sub2/c.txt
        rename b.txt sub2/c.txt cat sub2/c.txt rename-noreplace a2.txt sub2/c.txt
        rename-exchange a2.txt sub2/c.txt cat a2.txt cat sub2/c.txt rename sub2 sub2/x
        rename . x rename deep/er deep2 rename link-er le2 stat le2 cat le2/est/leaf.txt
        rename deep deep/er/est/x rename a-hardlink.txt sub2/c.txt stat sub2/c.txt
        mkdir emptyd 755 rename deep emptyd rename sub2 deep tree .)
    ;;
fsops-delete)
    cmd=(unlink a.txt unlink a.txt rmdir sub unlink sub/c.txt rmdir sub rmdir sub
        unlink link-sub unlink dangling stat a-hardlink.txt rmdir deep unlink deep/er/est/leaf.txt
        rmdir deep/er/est rmdir deep/er rmdir deep tree . excl a.txt cat a.txt
        mkdir sub 755 tree .)
    ;;
fsops-attrs)
    cmd=(chmod a.txt 600 stat a.txt stat a-hardlink.txt truncate b.txt 3 cat b.txt
        utime a.txt 1000000 utime link-a 2000000 stat a.txt ftruncate sub/c.txt 0 stat sub/c.txt
        chmod sub 700 stat sub access a.txt 2 access private.txt 4 truncate sub 1
        truncate big.txt 5 stat big.txt chmod link-sub 700 stat sub tree .)
    ;;
fsops-errors)
    cmd=(mkdir a.txt/x 755 write nodir/f x mkdir . 755 rmdir . unlink sub rmdir a.txt
        symlink x a.txt link sub s2 cat loop write link-a "through the link" cat a.txt
        mkdir sub/ 755 rmdir sub/.. unlink a.txt/ rename a.txt sub/ rename sub a.txt
        write dangling "dangling target" stat dangling excl link-a chdir sub chdir ../a.txt
        chdir .. tree .)
    ;;
fsops-mmap)
    cmd=(mmap big.txt write m.txt "mapped contents" mmap m.txt append big.txt tail mmap big.txt)
    ;;
fsops-tmp)
    cmd=(mkdir "$tmpd" 700 write "$tmpd/x" hi chmod "$tmpd" 1777 stat "$tmpd" rename "$tmpd/x" "$tmpd/y"
        symlink y "$tmpd/l" cat "$tmpd/l" mkdir "$tmpd/d" 755 write "$tmpd/d/z" zz rmdir "$tmpd/d"
        mmap "$tmpd/y" tree "$tmpd" unlink "$tmpd/d/z" rmdir "$tmpd/d" unlink "$tmpd/l"
        unlink "$tmpd/y" rmdir "$tmpd")
    ;;
fsops-proc)
    cmd=(procstatus procmaps proccmdline stat /proc/self/fd stat /proc/self/exe)
    ;;
fsops-dev)
    cmd=(cat /dev/null write /dev/null discarded stat /dev/null stat /dev/zero stat /dev/full
        stat /dev/random stat /dev/urandom write /dev/full x stat /dev/stdout)
    ;;
bb-*)
    [ -x /bin/busybox ] || e2e_skip "/bin/busybox not found (Debian package busybox-static)"
    case $case in
    bb-mkdir-p) cmd=(mkdir -p x/y/z sub/new/deeper) ;;
    bb-mv-dir) cmd=(mv sub deep/er/est/) ;;
    bb-rm-r) cmd=(rm -r sub deep link-sub) ;;
    bb-cp-a) cmd=(cp -a deep copies) ;;
    bb-ln-s) cmd=(ln -s a.txt new-link) ;;
    bb-touch) cmd=(touch a.txt fresh.txt sub/fresh2.txt) ;;
    bb-chmod-R) cmd=(chmod -R go-rwx deep sub) ;;
    bb-mv-file-over) cmd=(mv -f a.txt b.txt) ;;
    esac
    ;;
*) e2e_die "unknown case '$case' (known: $fsops_cases $bb_cases)" ;;
esac
case $case in
bb-*) prog=(/bin/busybox "${cmd[0]}") cmd=("${cmd[@]:1}") ;;
*) prog=("$fsops") ;;
esac
[ -n "$root" ] && prog=(/fsops)

before=$(digest "$t/sandbox")
platform=${RINGFENCE_PLATFORM:-ptrace}
ulimit -c 0 2>/dev/null
if [ -n "$root" ]; then
    env -u _ chroot "$t/native" "${prog[@]}" "${cmd[@]}" </dev/null >"$t/native.out" 2>"$t/native.err"
    ns=$?
    env -u _ "$rf" run "--platform=$platform" --root "$t/sandbox" --cwd / -- "${prog[@]}" "${cmd[@]}" \
        </dev/null >"$t/sandbox.out" 2>"$t/sandbox.err"
    ss=$?
else
    (cd "$t/native" && env -u _ "${prog[@]}" "${cmd[@]}" </dev/null >"$t/native.out" 2>"$t/native.err")
    ns=$?
    rm -rf "$tmpd"
    (cd "$t/sandbox" && env -u _ "$rf" run "--platform=$platform" -- "${prog[@]}" "${cmd[@]}" \
        </dev/null >"$t/sandbox.out" 2>"$t/sandbox.err")
    ss=$?
fi
after=$(digest "$t/sandbox")

echo "case $case: ${prog[*]} (status native $ns, ringfence $ss)"
fail=0
for s in out err; do
    if ! cmp -s "$t/native.$s" "$t/sandbox.$s"; then
        echo "FAIL: std$s differs"
        diff -u -a --label "native std$s" --label "ringfence std$s" "$t/native.$s" "$t/sandbox.$s" | head -n 200
        fail=1
    fi
done
if [ "$ns" != "$ss" ]; then
    echo "FAIL: exit status differs: native $ns, ringfence $ss"
    fail=1
fi
if [ "$before" != "$after" ]; then
    echo "FAIL: the sandbox changed its tree on the host"
    fail=1
fi
if [ -e "$tmpd" ]; then
    echo "FAIL: the sandbox's /tmp reached the host's"
    rm -rf "$tmpd"
    fail=1
fi
if [ $fail = 0 ]; then
    echo "PASS: output and status match ($(wc -l <"$t/native.out") lines); the host copy is unchanged"
    e2e_show stdout "$t/native.out"
fi
exit $fail
