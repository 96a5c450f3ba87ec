#!/bin/sh
# precis migrate moves a store without summarizing again: an SQLite store
# copied into PostgreSQL lists, shows and exports the same (less IDs,
# ranks, snippets and the hosts only PostgreSQL keeps), with the same
# hashes, first-seen and stored times to the millisecond, paths, summaries
# and failures; running it again copies nothing; and PostgreSQL -> SQLite
# gives back the original.
. "$(dirname "$0")/pg.inc"
DATA="$PRECIS_SRC/tests/data/cli"
PG=$(pg_newdb precis_migrate)
LITE="$T/s.db"
BACK="$T/back.db"

# Articles, failures (hostile fixtures) and an article with two paths,
# the second added by a later import.
mkdir -p "$T/in/bad" "$T/later"
cp -R "$DATA/." "$T/in/"
python3 "$PRECIS_SRC/tests/data/hostile/gen.py" "$T/in/bad" \
	"$DATA/harbour.txt" empty.txt elf.txt image.png >/dev/null || fail "gen.py"
"$PRECIS_BIN" --db "$LITE" import "$T/in" >"$T/out" 2>&1
[ $? -le 2 ] || fail "import: $(cat "$T/out")"
cp "$DATA/harbour.txt" "$T/later/harbour-again.txt"
"$PRECIS_BIN" --db "$LITE" import "$T/later" >"$T/out" 2>&1 ||
	fail "second import: $(cat "$T/out")"

"$PRECIS_BIN" --db "$LITE" migrate --to "$PG" >"$T/m1" 2>"$T/m1.err" ||
	fail "migrate to PostgreSQL: $(cat "$T/m1" "$T/m1.err")"
n=$("$PRECIS_BIN" --db "$LITE" list --json | python3 -c '
import json, sys; print(len(json.load(sys.stdin)))')
[ "$n" -ge 4 ] || fail "only $n articles imported"
grep -q "^migrated $n articles (0 already there), $((n + 1)) paths, [1-9][0-9]* failures (0 already there) into postgresql://" "$T/m1" ||
	fail "first migrate summary: $(cat "$T/m1")"
grep -q "of $n articles" "$T/m1.err" || fail "no progress line: $(cat "$T/m1.err")"

# norm: JSON on stdin, with what differs by backend taken out and the
# paths of an article in name order (the order they were added in is not
# carried over: see precis migrate in the man page).
norm() {
	pg_json_norm --paths-sorted id hosts host relevance rank snippet \
		failed_at attempts db_bytes schema_version last_failure
}

same() { # A B WHAT ARGS...: the command's JSON agrees on stores A and B
	a=$1 b=$2 what=$3
	shift 3
	"$PRECIS_BIN" --db "$a" "$@" >"$T/a.json" 2>"$T/a.err" ||
		fail "$what on $a: $(cat "$T/a.err")"
	"$PRECIS_BIN" --db "$b" "$@" >"$T/b.json" 2>"$T/b.err" ||
		fail "$what on $b: $(cat "$T/b.err")"
	norm <"$T/a.json" >"$T/a.norm" || fail "$what: JSON of $a"
	norm <"$T/b.json" >"$T/b.norm" || fail "$what: JSON of $b"
	diff -u "$T/a.norm" "$T/b.norm" >"$T/diff" ||
		fail "$what differs after migrate ($a vs $b):
$(head -40 "$T/diff")"
}

# times_lite DB / times_pg URL: every article's hash, first_seen and
# stored_at in ms, and its paths, one line each.
times_lite() {
	python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for r in db.execute("SELECT hash, first_seen, stored_at FROM articles ORDER BY hash"):
    print("%s|%d|%d" % r)
for r in db.execute("SELECT a.hash, p.path FROM paths p JOIN articles a ON a.id = p.article_id ORDER BY 1, 2"):
    print("%s|%s" % r)
' "$1"
}
times_pg() {
	psql -X -At "$1" -c "SELECT hash, first_seen, stored_at FROM articles ORDER BY hash" \
		-c "SELECT a.hash, p.path FROM paths p JOIN articles a ON a.id = p.article_id ORDER BY 1, 2"
}

check() { # A B: every comparison between stores A and B
	same "$1" "$2" "list" list --json --sort title
	same "$1" "$2" "export" export --format jsonl
	same "$1" "$2" "stats" stats --json
	for h in $("$PRECIS_BIN" --db "$1" list --json | python3 -c '
import json, sys; print(" ".join(a["hash"] for a in json.load(sys.stdin)))'); do
		same "$1" "$2" "show $h" show --json --full "$h"
	done
	same "$1" "$2" "search" search --json harbour
	# Failures in path order: the copies all failed "now", so newest
	# first is no order among them.
	"$PRECIS_BIN" --db "$1" failures --json | norm | python3 -c '
import json, sys; print(json.dumps(sorted(json.load(sys.stdin), key=lambda f: f["path"]), indent=1))' >"$T/fa"
	"$PRECIS_BIN" --db "$2" failures --json | norm | python3 -c '
import json, sys; print(json.dumps(sorted(json.load(sys.stdin), key=lambda f: f["path"]), indent=1))' >"$T/fb"
	grep -q elf "$T/fa" || fail "no failures in $1"
	diff -u "$T/fa" "$T/fb" >"$T/diff" ||
		fail "failures differ: $(head -20 "$T/diff")"
}

check "$LITE" "$PG"
times_lite "$LITE" >"$T/t-lite"
times_pg "$PG" >"$T/t-pg"
grep -q "harbour-again.txt" "$T/t-lite" || fail "second path missing: $(cat "$T/t-lite")"
diff -u "$T/t-lite" "$T/t-pg" >"$T/diff" ||
	fail "hashes, times or paths differ: $(head -20 "$T/diff")"
# Paths from SQLite belong to this host on PostgreSQL.
[ "$(pg_sql "$PG" "SELECT count(*) FROM paths WHERE host <> '$(hostname)'")" = 0 ] ||
	fail "paths recorded with another host"

# Again: nothing new, nothing doubled, no failure attempt counted.
"$PRECIS_BIN" --db "$LITE" migrate --quiet --to "$PG" >"$T/m2" 2>"$T/m2.err" ||
	fail "second migrate: $(cat "$T/m2" "$T/m2.err")"
grep -q "^migrated 0 articles ($n already there), 0 paths, 0 failures ([1-9][0-9]* already there)" "$T/m2" ||
	fail "second migrate summary: $(cat "$T/m2")"
[ -s "$T/m2.err" ] && fail "--quiet printed: $(cat "$T/m2.err")"
[ "$(pg_sql "$PG" "SELECT count(*) FROM articles")" = "$n" ] || fail "articles doubled"
[ "$(pg_sql "$PG" "SELECT max(attempts) FROM failures")" = 1 ] ||
	fail "second migrate counted failure attempts"
check "$LITE" "$PG"

# A path the target lacks is added to an article it has.
cp "$DATA/harbour.txt" "$T/later/harbour-third.txt"
"$PRECIS_BIN" --db "$LITE" import "$T/later" >/dev/null 2>&1 || fail "third import"
"$PRECIS_BIN" --db "$LITE" migrate -q --to "$PG" >"$T/m3" 2>&1 || fail "third migrate"
grep -q "^migrated 0 articles ($n already there), 1 paths" "$T/m3" ||
	fail "third migrate summary: $(cat "$T/m3")"

# Round trip: PostgreSQL back into a new SQLite file equals the original,
# in small transactions.
"$PRECIS_BIN" --db "$PG" migrate --batch 2 --to "$BACK" >"$T/m4" 2>"$T/m4.err" ||
	fail "migrate back to SQLite: $(cat "$T/m4" "$T/m4.err")"
check "$LITE" "$BACK"
times_lite "$BACK" >"$T/t-back"
times_lite "$LITE" >"$T/t-lite"
diff -u "$T/t-lite" "$T/t-back" >"$T/diff" ||
	fail "round trip changed hashes, times or paths: $(head -20 "$T/diff")"

# Usage: no target, the store itself, a bad batch; a broken target is a
# store error and leaves the source alone.
"$PRECIS_BIN" --db "$LITE" migrate >/dev/null 2>&1
[ $? -eq 2 ] || fail "migrate without --to: want 2"
"$PRECIS_BIN" --db "$LITE" migrate --to "$LITE" >"$T/out" 2>&1
[ $? -eq 2 ] || fail "migrate into itself: want 2: $(cat "$T/out")"
"$PRECIS_BIN" --db "$LITE" migrate --batch 0 --to "$T/x.db" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--batch 0: want 2"
"$PRECIS_BIN" --db "$LITE" migrate --to "postgresql://precis@/precis_nosuchdb?host=$SOCK" >"$T/out" 2>&1
[ $? -eq 3 ] || fail "missing target database: want 3: $(cat "$T/out")"
"$PRECIS_BIN" --db "$T/none.db" migrate --to "$T/y.db" >/dev/null 2>&1
[ $? -eq 3 ] || fail "missing source: want 3"
[ -e "$T/y.db" ] && fail "missing source created the target"
echo "pg-migrate: ok ($n articles)"
