# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipeline-long.sh: a 24-member pipeline, all members alive at once.
seq 1 2000 | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | \
    cat | cat | cat | cat | cat | cat | cat | cat | cat | tail -n 2
seq 1 50 | sed 's/$/+/' | tr -d '\n' | sed 's/+$/\n/' | tr + '\n' | awk '{ s += $1 } END { print s }'
