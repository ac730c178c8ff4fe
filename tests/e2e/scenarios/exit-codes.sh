# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/exit-codes.sh: exit statuses wrap modulo 256 through sh -c; the script exits 42.
for n in 0 1 2 42 126 127 128 200 255 256 257 300; do
    sh -c "exit $n"
    echo "exit $n -> $?"
done
true; echo "true -> $?"
false; echo "false -> $?"
sh -c 'false'; echo "sh -c false -> $?"
sh -c ''; echo "empty sh -c -> $?"
sh -c 'sh -c "exit 33"'; echo "nested -> $?"
exit 42
