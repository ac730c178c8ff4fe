# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/fork-exec-200.sh: 200 fork+exec cycles of a static program, then 200 through sh -c.
# /bin/busybox true, not /bin/true: coreutils' true is dynamically linked, which ringfence refuses (126).
i=0
while [ $i -lt 200 ]; do
    /bin/busybox true
    i=$((i + 1))
done
echo $i
i=0
fails=0
while [ $i -lt 200 ]; do
    /bin/busybox sh -c 'exit 3'
    [ $? -eq 3 ] || fails=$((fails + 1))
    i=$((i + 1))
done
echo "$i sh -c runs, $fails wrong statuses"
