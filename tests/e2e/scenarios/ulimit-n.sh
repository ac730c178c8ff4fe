# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/ulimit-n.sh: ulimit -n reads the inherited fd limit, lowers it, and children inherit it.
soft=$(ulimit -n)
hard=$(ulimit -Hn)
echo "inherited: soft $soft hard $hard"
[ "$soft" -ge 64 ] && echo "soft limit is at least 64"
ulimit -Sn 64
ulimit -n
sh -c 'ulimit -n'
(exec 60>/dev/null) 2>/dev/null && echo "fd 60 opens under a limit of 64"
(exec 70>/dev/null) 2>/dev/null || echo "fd 70 is refused under a limit of 64"
ulimit -n 32
echo "after ulimit -n 32: soft $(ulimit -Sn) hard $(ulimit -Hn)"
(ulimit -n 1000) 2>/dev/null || echo "raising above the hard limit fails"
