#!/bin/sh
# On a PostgreSQL store a COMMIT is durable when it returns
# (synchronous_commit = on, the server's default), which is what precisd
# will rely on before a file leaves the inbox (README, "Process crash and
# power loss").  This checks the server's default and that the store
# never changes the setting: every statement of the store's sessions is
# logged (log_statement = all for the test database) while files are
# stored, and none of them touches synchronous_commit.
. "$(dirname "$0")/pg.inc"
SHARED=${PRECIS_SHARED:-$PRECIS_SRC/../shared}
CORPUS=$SHARED/corpus/bbc-dev/articles
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS"; exit 77; }
LOGFILE=$SOCK/server.log
[ -r "$LOGFILE" ] || { echo "no server log at $LOGFILE"; exit 77; }

URL=$(pg_newdb precis_durable)
[ "$(pg_sql "$URL" "SHOW synchronous_commit")" = on ] ||
	fail "the server's synchronous_commit is not on"
pg_sql "$URL" "ALTER DATABASE precis_durable SET log_statement = 'all'" >/dev/null ||
	fail "cannot turn on statement logging"
start=$(wc -l <"$LOGFILE")

# precisd does not run on a PostgreSQL store yet (it locks the store as
# a file); the store layer it will use is what precis import writes
# through, and that is what is checked here.
mkdir -p "$T/in"
for f in $(ls "$CORPUS" | head -n 5); do cp "$CORPUS/$f" "$T/in/"; done
"$PRECIS_BIN" --db "$URL" import "$T/in" >"$T/import.out" 2>&1 ||
	fail "import: $(cat "$T/import.out")"
[ "$(pg_sql "$URL" "SELECT count(*) FROM articles")" = 5 ] ||
	fail "import did not store 5 articles"

tail -n +"$((start + 1))" "$LOGFILE" >"$T/statements.log"
# The log holds the store's writes, so the absence below means something.
grep -q "statement: COMMIT" "$T/statements.log" ||
	fail "no COMMIT in the server log: statement logging did not work"
if grep -i "synchronous_commit" "$T/statements.log" | grep -v "SHOW synchronous_commit"; then
	fail "a precis session changed synchronous_commit"
fi
echo "ok: 5 files stored on PostgreSQL with synchronous_commit = on, never changed"
