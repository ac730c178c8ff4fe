# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/proc-self-maps.sh: /proc/self/maps lists [stack] and [heap] with their permissions.
while read -r range perms offset dev inode path; do
    case $path in
    '[stack]' | '[heap]') echo "$perms $path" ;;
    esac
done </proc/self/maps
echo ---
grep -E '\[(stack|heap)\]$' /proc/self/maps | awk '{ print $2, $6 }'
awk '$6 == "[stack]" { n++ } END { print n, "stack mapping" }' /proc/self/maps
awk 'NF >= 1 { split($1, r, "-"); if (r[1] == "" || r[2] == "") bad++ } END { print bad + 0, "malformed lines" }' /proc/self/maps
