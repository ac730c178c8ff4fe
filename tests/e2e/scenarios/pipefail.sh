# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipefail.sh: set -o pipefail makes a pipeline report its rightmost failing member.
set -o pipefail
false | true
echo "false | true -> $?"
sh -c 'exit 3' | true | true
echo "exit 3 | true | true -> $?"
sh -c 'exit 3' | sh -c 'exit 5' | true
echo "exit 3 | exit 5 | true -> $?"
true | true
echo "true | true -> $?"
set +o pipefail
false | true
echo "pipefail off: false | true -> $?"
