#!/bin/sh
# Two precisd hosts share one PostgreSQL store: 2,000 files, 1,000 per
# inbox, 500 of them the same articles in both.  The union is stored once
# each (1,500 articles), the shared ones with both hosts' paths (2,000
# paths), nothing fails, and each daemon's status is its own.
. "$(dirname "$0")/pg.inc"
: "${PRECISD_BIN:?PRECISD_BIN is not set}"
URL=$(pg_newdb precis_two)
PIDS=""
stop_all() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	PIDS=""
}
trap 'stop_all; cleanup' EXIT INT TERM

for h in a b; do
	mkdir -p "$T/$h/inbox" "$T/$h/stage"
	cat >"$T/$h/precis.conf" <<CONF
[inbox]
path = $T/$h/inbox
settle_ms = 100
after = keep
[store]
path = $T/$h/local.db
url = $URL
host_name = desk-$h
CONF
done
# Articles 0..999 to desk-a, 500..1499 to desk-b: 500 shared.
python3 "$(dirname "$0")/gen-articles.py" "$T/a/stage" 0 1000
python3 "$(dirname "$0")/gen-articles.py" "$T/b/stage" 500 1000

for h in a b; do
	"$PRECISD_BIN" --config "$T/$h/precis.conf" >"$T/$h/log" 2>&1 &
	PIDS="$PIDS $!"
done
# Both ready (the schema is created once: the first takes the advisory
# lock, the second waits and finds it there).
for h in a b; do
	n=0
	until [ -f "$T/$h/local.db.status" ]; do
		n=$((n + 1))
		[ $n -lt 600 ] || fail "desk-$h never wrote its status: $(cat "$T/$h/log")"
		sleep 0.05
	done
done
# Drop both halves at once, by rename (complete on arrival).
for h in a b; do
	(for f in "$T/$h/stage"/*; do mv "$f" "$T/$h/inbox/"; done) &
done
wait_paths() {
	n=0
	while :; do
		c=$(pg_sql "$URL" "SELECT count(*) FROM paths") || c=0
		[ "$c" -ge 2000 ] && break
		n=$((n + 1))
		[ $n -lt 1800 ] || fail "only $c of 2000 paths stored after 180 s
desk-a: $(tail -5 "$T/a/log")
desk-b: $(tail -5 "$T/b/log")"
		sleep 0.1
	done
}
wait_paths
articles=$(pg_sql "$URL" "SELECT count(*) FROM articles")
distinct=$(pg_sql "$URL" "SELECT count(DISTINCT hash) FROM articles")
paths=$(pg_sql "$URL" "SELECT count(*) FROM paths")
both=$(pg_sql "$URL" "SELECT count(*) FROM (SELECT article_id FROM paths GROUP BY article_id HAVING count(DISTINCT host) = 2) x")
failures=$(pg_sql "$URL" "SELECT count(*) FROM failures")
[ "$articles" = 1500 ] || fail "$articles articles stored, want 1500"
[ "$distinct" = 1500 ] || fail "$distinct distinct hashes, want 1500"
[ "$paths" = 2000 ] || fail "$paths paths, want 2000"
[ "$both" = 500 ] || fail "$both articles with both hosts' paths, want 500"
[ "$failures" = 0 ] || fail "$failures failures: $(pg_sql "$URL" "SELECT host, path, error FROM failures LIMIT 5")"
# Each shared article is known under each host's own path.
bad=$(pg_sql "$URL" "SELECT count(*) FROM paths WHERE (host = 'desk-a' AND path NOT LIKE '$T/a/inbox/%') OR (host = 'desk-b' AND path NOT LIKE '$T/b/inbox/%')")
[ "$bad" = 0 ] || fail "$bad paths recorded under the wrong host"
# The CLI sees one collection; --host picks one desk's articles.
na=$("$PRECIS_BIN" --db "$URL" list --host desk-a --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
nb=$("$PRECIS_BIN" --db "$URL" list --host desk-b --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$na" = 1000 ] && [ "$nb" = 1000 ] || fail "list --host: desk-a $na, desk-b $nb, want 1000 each"
"$PRECIS_BIN" --db "$URL" show "$T/b/inbox/a00700.txt" >"$T/show" || fail "show by desk-b's path"
grep -q "(on desk-a)" "$T/show" && grep -q "(on desk-b)" "$T/show" ||
	fail "a shared article should show both hosts' paths: $(cat "$T/show")"
# Each daemon's status is its own, and both run.
for h in a b; do
	"$PRECIS_BIN" --config "$T/$h/precis.conf" status >"$T/st" 2>&1 ||
		fail "precis status for desk-$h: $(cat "$T/st")"
done
stop_all
echo "ok: 2000 files, 1500 articles once each, 500 with both hosts' paths"
