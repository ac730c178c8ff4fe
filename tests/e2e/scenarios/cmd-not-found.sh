# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/cmd-not-found.sh: a missing command is status 127 with the shell's own message.
rf-no-such-command
echo "by name -> $?"
/nonexistent/rf-no-such-command
echo "by path -> $?"
sh -c 'rf-no-such-command-either'
echo "sh -c -> $?"
rf-no-such-command 2>/dev/null | cat
echo "in a pipeline -> $?"
if ! command -v rf-no-such-command >/dev/null; then echo "command -v fails"; fi
(exec rf-no-such-command) 2>/dev/null
echo "exec of a missing command -> $?"
