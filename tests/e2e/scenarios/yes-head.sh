# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/yes-head.sh: yes | head -1 ends yes by SIGPIPE; the pipeline still succeeds.
yes | head -1
echo "yes | head -1 -> $?"
yes rf | head -n 3
yes | head -c 100000 | wc -c
yes abcdefghij | head -n 50000 | tail -n 1
