# SPDX-License-Identifier: MIT
# tests/e2e/common.sh: helpers sourced by the e2e scripts: skip-or-fail, tool checks, temp dir.

# Meson treats 77 as "skipped". Under CI=true a missing prerequisite is a failure instead,
# so a broken CI image cannot turn the whole corpus green by skipping it.
e2e_skip() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $* (CI=true: missing prerequisites are failures, not skips)" >&2
        exit 1
    fi
    echo "SKIP: $*" >&2
    exit 77
}

e2e_die() {
    echo "ERROR: $*" >&2
    exit 1
}

e2e_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || e2e_skip "needed tool '$t' not found"
    done
}

# Creates $E2E_TMP and removes it on exit. Not under /tmp: inside the sandbox /tmp is the
# sandbox's own tmpfs, so a program placed in the host's /tmp would not be found there.
e2e_mktemp() {
    E2E_TMP=$(mktemp -d "${TMPDIR:-/var/tmp}/rf-e2e.XXXXXXXX") || e2e_die "mktemp failed"
    trap 'rm -rf "$E2E_TMP"' EXIT
}

# Prints a file for a failure report, marking an empty one and capping long output.
e2e_show() {
    local label=$1 file=$2
    if [ ! -s "$file" ]; then
        echo "--- $label: (empty)"
    else
        echo "--- $label:"
        head -c 4000 "$file"
        [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] || echo "(no newline at end)"
    fi
}

# Meson passes build targets as paths relative to the build dir ("ringfence" for a target at
# the top), which env(1) would look up in PATH: anchor them at the current directory. A bare
# name that is not here is taken from PATH.
e2e_abs() {
    set -- "${1#./}"
    case $1 in
    /*) printf '%s\n' "$1" ;;
    */*) printf '%s/%s\n' "$PWD" "$1" ;;
    *)
        if [ -e "$PWD/$1" ]; then
            printf '%s/%s\n' "$PWD" "$1"
        else
            type -P "$1" || printf '%s\n' "$1"
        fi
        ;;
    esac
}
