# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/heredoc-large.sh: a here-document larger than a pipe buffer (bash may spill it to TMPDIR).
body=$(seq 1 30000)
wc -l <<END
$body
END
md5sum <<END
$body
END
cat <<END | tail -n 1
$body
END
