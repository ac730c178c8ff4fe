# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/printf-formats.sh: printf conversions, widths, precision, escapes and format reuse.
printf '%d|%5d|%-5d|%05d|%+d\n' 42 42 42 42 42
printf '%s|%8s|%-8s|%.3s\n' abcdef abc abc abcdef
printf '%x|%X|%o|%#x|%#o\n' 255 255 8 255 8
printf '%c%c%c\n' r f x
printf '%.2f|%8.3f|%-8.1f|%e\n' 3.14159 2.5 1.25 12345.678
printf '%%|%b|%s\n' 'tab\there' 'tab\tnot'
printf '%s=%s\n' a 1 b 2 c 3
printf '%d\n' 0x10 010 -7
printf 'no newline'
printf '\n'
printf '\101\102\103\n'
printf '%s\n'
printf '[%5.1s]\n' xyz
printf '%i %u\n' 12 34
