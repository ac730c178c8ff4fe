# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/heredoc.sh: here-documents: expansion, quoted delimiters, <<- tab stripping, feeding loops.
name=world
cat <<END
hello $name, $((6 * 7)) and $(echo substituted)
escaped \$name and backslash \\ kept
END
cat <<'END'
quoted: $name $(echo not run) \n stays
END
cat <<-END
	leading tabs are stripped
		all of them
	END
tr a-z A-Z <<END | sed 's/^/> /'
piped through tr
END
while read -r k v; do echo "$v=$k"; done <<END
one 1
two 2
END
cat <<A; cat <<B
first document
A
second document
B
f() {
    cat <<END
inside a function: $1
END
}
f arg
