# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/perm-denied.sh: running a non-executable file or a directory is status 126.
d=/tmp/rf-scen-$$
rm -rf "$d" && mkdir "$d" && cd "$d" || exit 1
trap 'cd / && rm -rf "$d"' EXIT

printf 'echo should not run\n' >noexec.sh
chmod 644 noexec.sh
./noexec.sh
echo "non-executable -> $?"
mkdir adir
./adir
echo "directory -> $?"
sh -c './noexec.sh'
echo "sh -c non-executable -> $?"
chmod 755 noexec.sh
./noexec.sh
echo "after chmod 755 -> $?"
printf 'echo script without a shebang runs under the shell: $0\n' >noshebang
chmod +x noshebang
./noshebang
echo "-> $?"
