# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/dev-fd.sh: /dev/fd/N, /dev/stdin and /dev/stdout reach the open fds of the reader.
echo "through a pipe" | cat /dev/fd/0
echo "via /dev/stdin" | cat /dev/stdin
cat /dev/fd/0 <<END
from a here-document
END
exec 3<<END
on fd three
END
cat /dev/fd/3
exec 3<&-
# Through a pipe: on a regular file, opening /dev/stdout would reopen it at offset 0 and truncate.
{ echo "to /dev/stdout" >/dev/stdout; } | cat
{ echo "to /dev/stderr" >/dev/stderr; } 2>&1 | sed 's/^/captured: /'
seq 1 5 | wc -l /dev/fd/0 | awk '{ print $1 }'
