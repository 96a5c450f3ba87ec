#!/bin/sh
# A missing, damaged, foreign or newer store gets a clear error and exit 3;
# read-only commands never create a store.
. "$(dirname "$0")/cli-helpers.inc"

run "$PRECIS_BIN" --db "$T/missing.db" list
expect_rc 3 "missing store"
contains "$ERR" "no store at '$T/missing.db'" "missing store named"
contains "$ERR" "precis import" "missing store: what to do"
[ ! -e "$T/missing.db" ] || fail "a query created the store"
for cmd in "show 1" "search x" stats failures export "forget 1"; do
	# shellcheck disable=SC2086
	run "$PRECIS_BIN" --db "$T/missing.db" $cmd
	expect_rc 3 "missing store: $cmd"
done
[ ! -e "$T/missing.db" ] || fail "a command created the store"

i=0
while [ $i -lt 100 ]; do
	echo "This is a plain text file and certainly not a database."
	i=$((i + 1))
done >"$T/text.db"
for cmd in list stats "import $DATA"; do
	# shellcheck disable=SC2086
	run "$PRECIS_BIN" --db "$T/text.db" $cmd
	expect_rc 3 "text file as store: $cmd"
	contains "$ERR" "'$T/text.db' is damaged or not a precis store" \
		"text file: clear message ($cmd)"
	lacks "$ERR" "SQLITE" "no SQLite codes"
done

: >"$T/empty.db"
run "$PRECIS_BIN" --db "$T/empty.db" list
expect_rc 3 "empty file as store"
contains "$ERR" "empty" "empty file explained"

run "$PRECIS_BIN" --db "$T" list
expect_rc 3 "directory as store"

# A real store, damaged: its first pages overwritten.
run P import "$DATA"
expect_rc 0 "import"
run P list
expect_rc 0 "list on the good store"
cp "$T/s.db" "$T/damaged.db"
dd if=/dev/urandom of="$T/damaged.db" bs=1024 count=8 conv=notrunc 2>/dev/null
run "$PRECIS_BIN" --db "$T/damaged.db" list
expect_rc 3 "damaged store"
contains "$ERR" "damaged or not a precis store" "damaged store explained"

# Truncated in the middle of its pages.
head -c 12288 "$T/s.db" >"$T/short.db"
run "$PRECIS_BIN" --db "$T/short.db" search harbour
expect_rc 3 "truncated store"

# Another program's SQLite database.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/other.db" 'CREATE TABLE songs (title TEXT);'
	run "$PRECIS_BIN" --db "$T/other.db" list
	expect_rc 3 "foreign database"
	contains "$ERR" "not a precis store" "foreign database explained"

	cp "$T/s.db" "$T/newer.db"
	sqlite3 "$T/newer.db" 'PRAGMA user_version = 99;'
	run "$PRECIS_BIN" --db "$T/newer.db" list
	expect_rc 3 "newer schema"
	contains "$ERR" "newer" "newer schema explained"
	contains "$ERR" "upgrade precis" "newer schema: what to do"
	run "$PRECIS_BIN" --db "$T/newer.db" import "$DATA"
	expect_rc 3 "newer schema, writer"
fi
echo "ok"
