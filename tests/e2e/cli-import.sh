#!/bin/sh
# precis import: recursion, skipped names, duplicates by hash, failures
# recorded and cleared, counts and exit codes.
. "$(dirname "$0")/cli-helpers.inc"

mkdir "$T/in"
cp -R "$DATA/." "$T/in/"
cp "$T/in/harbour.txt" "$T/in/copy-of-harbour.txt"
cp "$T/in/harbour.txt" "$T/in/.hidden.txt"
cp "$T/in/sub/library.txt" "$T/in/partial.tmp"
mkfifo "$T/in/pipe"
i=0
while [ $i -lt 64 ]; do
	printf '\177ELF\002\001\001\000\000\000\003\000\076\000' >>"$T/in/blob.bin"
	i=$((i + 1))
done

run P import "$T/in"
expect_rc 2 "import with one bad file"
[ "$OUT" = "stored 4, duplicate 1, failed 1" ] || fail "first import: $OUT"
contains "$ERR" "blob.bin" "the failed file is named"
lacks "$ERR" "pipe" "a FIFO is skipped, not read"

run P import "$T/in"
expect_rc 2 "second import"
[ "$OUT" = "stored 0, duplicate 5, failed 1" ] || fail "second import: $OUT"

run P import --json "$T/in"
expect_rc 2 "import --json"
jcheck "assert d == {'stored': 0, 'duplicate': 5, 'failed': 1}, d" \
	"import --json counts"

run P stats --json
expect_rc 0 "stats"
jcheck "assert d['articles'] == 4 and d['failures'] == 1 and d['paths'] == 5" \
	"stats after import"

run P failures --json
expect_rc 0 "failures"
jcheck "assert len(d) == 1 and d[0]['path'].endswith('/blob.bin') and d[0]['error'] and d[0]['attempts'] == 3, d" \
	"failures --json"
run P failures
expect_rc 0 "failures text"
contains "$OUT" "blob.bin" "failures text names the file"

# The file is fixed: importing it stores it and clears the failure.
cp "$DATA/sub/library.txt" "$T/in/blob.bin"
printf '\nA late correction was added.\n' >>"$T/in/blob.bin"
run P import "$T/in/blob.bin"
expect_rc 0 "import of the fixed file"
[ "$OUT" = "stored 1, duplicate 0, failed 0" ] || fail "fixed file: $OUT"
run P failures --json
expect_rc 1 "no failures left"
jcheck "assert d == []" "failures --json when empty"

# Explicit files are taken even if the name rules would skip them.
run P import "$T/in/partial.tmp"
expect_rc 0 "explicit .tmp file"
[ "$OUT" = "stored 0, duplicate 1, failed 0" ] || fail "explicit file: $OUT"

run P import "$T/no-such-dir"
expect_rc 2 "missing path"
contains "$ERR" "no-such-dir" "missing path is named"
run P import
expect_rc 2 "no arguments"
contains "$ERR" "usage: precis import" "usage on no arguments"
run P import --sentences 0 "$T/in"
expect_rc 2 "bad --sentences"
run P import --lang klingon "$T/in/harbour.txt"
expect_rc 2 "unknown --lang"
contains "$ERR" "klingon" "unknown language is named"
run P import --algorithm nosuch "$T/in/harbour.txt"
expect_rc 2 "unknown --algorithm"
contains "$ERR" "nosuch" "unknown algorithm is named"

# Summary options are recorded with the summary.
run "$PRECIS_BIN" --db "$T/w.db" import --words 30 "$DATA/harbour.txt"
expect_rc 0 "import --words"
run "$PRECIS_BIN" --db "$T/w.db" show --json 1
expect_rc 0 "show after import --words"
jcheck "assert d['params']['unit'] == 'words' and d['params']['length'] == 30, d['params']" \
	"params recorded"
# A progress bar on a terminal only; plain output otherwise.
run "$PRECIS_BIN" --db "$T/p.db" import "$DATA"
expect_rc 0 "import, not a terminal"
lacks "$ERR" "$(printf '\r')" "no progress bar off a terminal"
if command -v script >/dev/null 2>&1; then
	script -q -e -c "'$PRECIS_BIN' --db '$T/q.db' import '$DATA'" \
		"$T/typescript" >/dev/null 2>&1 </dev/null ||
		fail "import on a terminal: exit $?"
	tr '\r' '\n' <"$T/typescript" >"$T/tty"
	grep -q '^\[=*\] 4/4 stored 4, duplicate 0, failed 0' "$T/tty" ||
		fail "no progress bar on a terminal: $(cat "$T/tty")"
	grep -q 'stored 4, duplicate 0, failed 0' "$T/tty" ||
		fail "no summary on a terminal"
fi
echo "ok"
