# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/proc-self-status.sh: stable /proc/self/status fields of the shell and of a child.
# Read by the shell itself (read loop, no fork), so "self" is the shell; then by a child, grep.
while IFS= read -r line; do
    case $line in
    Name:* | State:* | Umask:* | Threads:* | Uid:* | Gid:* | SigBlk:* | SigCgt:*) printf '%s\n' "$line" ;;
    Pid:*) [ "${line#Pid:*	}" = $$ ] && echo "Pid matches \$\$" ;;
    esac
done </proc/self/status
echo ---
grep -E '^(Name|State|Threads):' /proc/self/status
ppid=$(awk '$1 == "PPid:" { print $2 }' /proc/self/status)
[ "$ppid" = $$ ] && echo "a child's PPid is \$\$"
(umask 077; grep '^Umask:' /proc/self/status)
grep -c '^VmRSS:' /proc/self/status
