# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/case.sh: case with globs, alternatives, classes, quoting and fall-through defaults.
classify() {
    case $1 in
    '') echo "empty" ;;
    [0-9] | [0-9][0-9]) echo "$1: small number" ;;
    *[!0-9]*) 
        case $1 in
        *.tar.gz | *.tgz) echo "$1: tarball" ;;
        [Yy] | [Yy][Ee][Ss]) echo "$1: yes" ;;
        -*) echo "$1: option" ;;
        '*') echo "$1: a literal star" ;;
        ?) echo "$1: one character" ;;
        *) echo "$1: word" ;;
        esac
        ;;
    *) echo "$1: big number" ;;
    esac
}
for w in 7 42 12345 x.tar.gz b.tgz YES y -v '*' '?' hello ''; do
    classify "$w"
done
pat='h*'
case hello in $pat) echo "unquoted variable pattern matches" ;; esac
case hello in "$pat") echo "wrong" ;; *) echo "quoted variable pattern is literal" ;; esac
