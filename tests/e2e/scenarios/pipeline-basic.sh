# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/pipeline-basic.sh: multi-stage pipelines carry data through every member in order.
printf '%s\n' pear apple fig banana | sort | tr a-z A-Z | sed 's/^/- /'
printf 'one two three\n' | tr ' ' '\n' | wc -l
echo stressed | cat | cat | rev
echo "a:b:c" | cut -d: -f2 | tr b B
printf 'x\ny\n' | { read -r first; read -r second; echo "$second $first"; }
