# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/getopts.sh: getopts parses flags, option arguments, clusters and errors.
parse() {
    OPTIND=1
    while getopts ab:c opt "$@"; do
        case $opt in
        a) echo "flag a" ;;
        b) echo "b with $OPTARG" ;;
        c) echo "flag c" ;;
        ?) echo "bad option" ;;
        esac
    done
    shift $((OPTIND - 1))
    echo "rest: $*"
}
parse -a -b value rest1 rest2
parse -ac -bX -- -a
parse -x 2>/dev/null
parse
