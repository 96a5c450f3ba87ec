#!/bin/sh
# Every precis command on a PostgreSQL store gives what it gives on SQLite:
# the same files imported into both stores list, show, search, count,
# fail, export and forget alike (JSON compared field by field, less IDs,
# times and the hosts only PostgreSQL records).  Also: a password in the
# URL is never shown, a missing database is one clear error, --host
# filters, and an SQLite store refuses --host.
. "$(dirname "$0")/pg.inc"
DATA="$PRECIS_SRC/tests/data/cli"
PG=$(pg_newdb precis_cli)
LITE="$T/s.db"

# Articles and the hostile fixtures (failures) in one folder.
mkdir -p "$T/in/bad"
cp -R "$DATA/." "$T/in/"
python3 "$PRECIS_SRC/tests/data/hostile/gen.py" "$T/in/bad" \
	"$DATA/harbour.txt" empty.txt elf.txt image.png nul-middle.txt \
	utf16-bom.txt >/dev/null || fail "gen.py"
for db in "$LITE" "$PG"; do
	"$PRECIS_BIN" --db "$db" import "$T/in" >"$T/import.out" 2>&1
	rc=$?
	[ $rc -le 2 ] || fail "import into $db: exit $rc: $(cat "$T/import.out")"
done

# norm: JSON on stdin, with what differs by backend taken out.
norm() {
	pg_json_norm id stored_at first_seen hosts host failed_at rank \
		relevance schema_version store_bytes file_bytes db_bytes \
		first_stored last_stored last_failure db snippet
}

same() { # WHAT ARGS...: the command's JSON agrees on both stores
	what=$1
	shift
	"$PRECIS_BIN" --db "$LITE" "$@" >"$T/a.json" 2>"$T/a.err" ||
		fail "$what on SQLite: $(cat "$T/a.err")"
	"$PRECIS_BIN" --db "$PG" "$@" >"$T/b.json" 2>"$T/b.err" ||
		fail "$what on PostgreSQL: $(cat "$T/b.err")"
	norm <"$T/a.json" >"$T/a.norm" || fail "$what: SQLite JSON"
	norm <"$T/b.json" >"$T/b.norm" || fail "$what: PostgreSQL JSON"
	diff -u "$T/a.norm" "$T/b.norm" >"$T/diff" ||
		fail "$what differs between SQLite and PostgreSQL:
$(head -40 "$T/diff")"
}

same "list" list --json --sort title
same "stats" stats --json
HASH=$("$PRECIS_BIN" --db "$LITE" list --json | python3 -c '
import json, sys; print(json.load(sys.stdin)[0]["hash"])')
same "show by hash prefix" show --json "$(echo "$HASH" | cut -c1-8)"
same "show by path" show --json "$T/in/harbour.txt"
same "export" export --format jsonl
# Failures: the same files with the same reasons.
"$PRECIS_BIN" --db "$LITE" failures --json | norm | python3 -c '
import json, sys; print(sorted((f["path"], f["error"]) for f in json.load(sys.stdin)))' >"$T/fa"
"$PRECIS_BIN" --db "$PG" failures --json | norm | python3 -c '
import json, sys; print(sorted((f["path"], f["error"]) for f in json.load(sys.stdin)))' >"$T/fb"
[ -s "$T/fa" ] && grep -q elf "$T/fa" || fail "no failures recorded: $(cat "$T/fa")"
diff "$T/fa" "$T/fb" >/dev/null || fail "failures differ: $(cat "$T/fa") vs $(cat "$T/fb")"

# Search: the same articles for the words people type.
for q in zebras "harbour" "three-day" "title:library" '"finance minister"' \
	"budget -harbour" "volunteer*"; do
	"$PRECIS_BIN" --db "$LITE" search --json "$q" | python3 -c '
import json, sys; print(sorted(h["hash"] for h in json.load(sys.stdin)))' >"$T/sa" 2>&1
	"$PRECIS_BIN" --db "$PG" search --json "$q" >"$T/sj" 2>"$T/se" ||
		fail "search '$q' on PostgreSQL: $(cat "$T/se")"
	python3 -c '
import json, sys; print(sorted(h["hash"] for h in json.load(sys.stdin)))' <"$T/sj" >"$T/sb" 2>&1
	[ "$(cat "$T/sa")" != "[]" ] || fail "search '$q' found nothing on SQLite"
	diff "$T/sa" "$T/sb" >/dev/null ||
		fail "search '$q': SQLite $(cat "$T/sa"), PostgreSQL $(cat "$T/sb")"
done
# Highlights mark the whole phrase, as SQLite's do.
"$PRECIS_BIN" --db "$PG" search '"finance minister"' >"$T/out" 2>&1
grep -q '\[finance minister\]' "$T/out" ||
	fail "phrase not highlighted whole: $(cat "$T/out")"

# Hosts: show names the host; --host filters; SQLite refuses --host.
H=$(hostname)
"$PRECIS_BIN" --db "$PG" show "$T/in/harbour.txt" | grep -q "(on $H)" ||
	fail "show does not name the host"
n=$("$PRECIS_BIN" --db "$PG" list --host "$H" --json | python3 -c '
import json, sys; print(len(json.load(sys.stdin)))')
[ "$n" -ge 4 ] || fail "list --host $H: $n articles"
"$PRECIS_BIN" --db "$PG" list --host no-such-host >/dev/null 2>&1
[ $? -eq 1 ] || fail "list --host no-such-host should list nothing (exit 1)"
"$PRECIS_BIN" --db "$LITE" list --host "$H" >"$T/out" 2>&1
[ $? -eq 2 ] || fail "SQLite list --host: want a usage error, got $(cat "$T/out")"
grep -q "keeps no hosts" "$T/out" || fail "SQLite --host message: $(cat "$T/out")"

# Forget: gone from the list and from search.
"$PRECIS_BIN" --db "$PG" forget "$(echo "$HASH" | cut -c1-8)" >/dev/null ||
	fail "forget on PostgreSQL"
"$PRECIS_BIN" --db "$PG" show "$HASH" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || fail "forgotten article: show exits $rc, want 1 (not found)"
[ "$(pg_sql "$PG" "SELECT count(*) FROM articles WHERE hash = '$HASH'")" = 0 ] ||
	fail "forgotten article still in the table"
[ "$(pg_sql "$PG" "SELECT count(*) FROM summary_sentences s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL")" = 0 ] ||
	fail "forget left summary sentences behind"

# A password in the URL is never shown by precis config or in errors.
cat >"$T/p.conf" <<CONF
[store]
url = postgresql://precis:s3cret-pw@/precis_nosuchdb?host=$SOCK
host_name = desk-a
CONF
"$PRECIS_BIN" --config "$T/p.conf" config >"$T/out" 2>&1
grep -q "s3cret" "$T/out" && fail "precis config shows the password"
grep -q "precis:\*\*\*@" "$T/out" || fail "precis config hides the URL: $(grep url "$T/out")"
"$PRECIS_BIN" --config "$T/p.conf" list >"$T/out" 2>&1
rc=$?
[ $rc -eq 3 ] || fail "missing database: exit $rc, want 3 (store): $(cat "$T/out")"
grep -q "s3cret" "$T/out" && fail "error shows the password: $(cat "$T/out")"
grep -q 'precis_nosuchdb.*does not exist' "$T/out" ||
	fail "missing database: unclear message: $(cat "$T/out")"
# A URL that is not PostgreSQL's is a configuration error.
printf '[store]\nurl = mysql://x/y\n' >"$T/bad.conf"
"$PRECIS_BIN" --config "$T/bad.conf" config --check >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "store.url = mysql://: exit $rc, want 2"
echo "ok: list, stats, show, export, failures, search, forget agree; hosts; no password shown"
