# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/cd-pwd-symlink.sh: cd through symlinks: logical pwd vs pwd -P, cd -P, cd .. and cd -.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT
base=$(pwd -P)
show() { echo "$1: TMP${2#"$base"}"; }

mkdir -p real/inner
ln -s real/inner shortcut
cd shortcut
show "pwd" "$(pwd)"
show "pwd -L" "$(pwd -L)"
show "pwd -P" "$(pwd -P)"
show "PWD" "$PWD"
cd ..
show "logical cd .." "$(pwd)"
cd -P shortcut
show "cd -P" "$(pwd)"
cd "$base"
cd shortcut && cd -P ..
show "cd -P .." "$(pwd)"
cd "$base/real"
cd "$base" >/dev/null
cd - >/dev/null
show "cd -" "$(pwd)"
cd /
pwd
cd "$base/nonexistent" 2>/dev/null || echo "cd to a missing dir fails"
cd "$base/shortcut" && sh -c 'pwd -P' | sed "s|^$base|TMP|"
