# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipestatus.sh: bash's PIPESTATUS array holds every member's status, SIGPIPE included.
# shells: bash-static (PIPESTATUS is a bash feature)
true | sh -c 'exit 2' | sh -c 'exit 3'
echo "statuses: ${PIPESTATUS[*]}"
yes | head -1 >/dev/null
echo "yes | head -1: ${PIPESTATUS[*]}"
sh -c 'exit 4'
echo "single: ${PIPESTATUS[*]}"
set -o pipefail
yes | head -c 10 | wc -c
echo "pipefail: ${PIPESTATUS[*]}"
