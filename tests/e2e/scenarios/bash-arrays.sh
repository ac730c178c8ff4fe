# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/bash-arrays.sh: indexed and associative arrays, slices, lengths and mapfile.
# shells: bash-static (arrays are a bash feature)
a=(zero one "two words" three)
echo "${#a[@]} elements; a[2]=${a[2]}; last=${a[-1]}"
echo "slice: ${a[@]:1:2}"
a+=(four)
unset 'a[0]'
echo "indices: ${!a[*]}"
for x in "${a[@]}"; do printf '<%s>' "$x"; done
echo
declare -A color=([apple]=red [banana]=yellow)
color[fig]=purple
for k in $(printf '%s\n' "${!color[@]}" | sort); do echo "$k=${color[$k]}"; done
mapfile -t lines < <(seq 1 4)
echo "mapfile read ${#lines[@]} lines: ${lines[*]}"
readarray -t -d : parts <<<"x:y:z"
echo "parts: ${#parts[@]}"
