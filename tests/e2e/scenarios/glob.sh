# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/glob.sh: pathname expansion sorts matches, skips dotfiles and leaves non-matches literal.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

touch b.txt a.txt c.log .hidden 10 9 'with space.txt'
mkdir sub
touch sub/x.c sub/y.c
echo *
echo *.txt
echo ?.log
echo [ab].*
echo [!a]*
echo .*[!.]*
echo sub/*.c
echo */*
echo nomatch-*
for f in *.txt; do echo "[$f]"; done
set -- *
echo "$# entries"
