# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/sigpipe.sh: a writer whose reader exits dies of SIGPIPE (141), seen through pipefail.
set -o pipefail
yes | head -1 >/dev/null
echo "yes | head -1 -> $? ($(kill -l $((141 - 128))))"
seq 1 200000 | head -n 1
echo "seq | head -> $?"
sh -c 'yes; echo "the shell goes on after yes died with $?" >&2' | head -c 5 | wc -c
echo "sh -c yes | head -> $?"
{ sh -c 'trap "" PIPE; while :; do echo x || { echo "write failed: EPIPE" >&2; exit 3; }; done' | head -1 >/dev/null; } 2>&1
echo "ignored SIGPIPE -> $?"
