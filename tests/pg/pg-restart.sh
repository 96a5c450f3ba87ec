#!/bin/sh
# The PostgreSQL server goes away in the middle of an ingest and comes
# back: precisd keeps running, says so in its status, keeps the files in
# the inbox (after = delete), retries with a capped backoff and stores
# everything once the server is back: 0 lost, 0 doubled, no failure
# recorded, and the tables' indexes check clean (amcheck).
# It stops the server, so it runs its own rather than the one the other
# pg tests share.
CLUSTER="$(dirname "$0")/cluster.sh"
PRECIS_TEST_PG_STATE=$(mktemp /tmp/precis-pg-restart.XXXXXX)
sh "$CLUSTER" start "$PRECIS_TEST_PG_STATE" || exit $?
. "$(dirname "$0")/pg.inc"
: "${PRECISD_BIN:?PRECISD_BIN is not set}"
URL=$(pg_newdb precis_restart)
DPID=""
trap '[ -z "$DPID" ] || kill -KILL "$DPID" 2>/dev/null; cleanup; sh "$CLUSTER" stop "$PRECIS_TEST_PG_STATE"' EXIT INT TERM
N=600
mkdir -p "$T/inbox" "$T/stage"
cat >"$T/precis.conf" <<CONF
[inbox]
path = $T/inbox
settle_ms = 100
after = delete
[store]
path = $T/local.db
url = $URL
CONF
python3 "$(dirname "$0")/gen-articles.py" "$T/stage" 0 $N
ls "$T/stage" >"$T/names"
"$PRECISD_BIN" --config "$T/precis.conf" >"$T/log" 2>&1 &
DPID=$!
n=0
until [ -f "$T/local.db.status" ]; do
	n=$((n + 1)); [ $n -lt 600 ] || fail "precisd not ready: $(cat "$T/log")"
	sleep 0.05
done
# First third in, then the server stops while the rest arrives.
i=0
for f in $(cat "$T/names"); do
	i=$((i + 1))
	mv "$T/stage/$f" "$T/inbox/"
	if [ $i -eq $((N / 3)) ]; then
		sh "$CLUSTER" pause "$PRECIS_TEST_PG_STATE" || fail "stopping the server"
	fi
done
sleep 3
kill -0 "$DPID" 2>/dev/null || fail "precisd exited while the server was down: $(tail -5 "$T/log")"
left=$(ls "$T/inbox" | wc -l)
[ "$left" -gt 0 ] || fail "the inbox emptied while the server was down"
"$PRECIS_BIN" --config "$T/precis.conf" status >"$T/st" 2>&1
grep -q "PostgreSQL server" "$T/st" ||
	fail "precis status does not say the server is gone: $(cat "$T/st")"
grep -q "store_error" "$T/local.db.status" || fail "status file has no store_error: $(cat "$T/local.db.status")"
# No busy loop: at most a few attempts a second while it is down.
busy=$(grep -c "retrying" "$T/log" || true)
[ "$busy" -lt 40 ] || fail "$busy retry messages in 3 s: a busy loop"
sh "$CLUSTER" resume "$PRECIS_TEST_PG_STATE" || fail "starting the server again"
n=0
until [ -z "$(ls "$T/inbox")" ]; do
	n=$((n + 1))
	[ $n -lt 1200 ] || fail "$(ls "$T/inbox" | wc -l) files still in the inbox 120 s after the server came back: $(tail -5 "$T/log")"
	sleep 0.1
done
articles=$(pg_sql "$URL" "SELECT count(*) FROM articles")
distinct=$(pg_sql "$URL" "SELECT count(DISTINCT hash) FROM articles")
paths=$(pg_sql "$URL" "SELECT count(*) FROM paths")
failures=$(pg_sql "$URL" "SELECT count(*) FROM failures")
[ "$articles" = $N ] || fail "$articles articles, want $N (lost some)"
[ "$distinct" = $N ] || fail "$distinct distinct, want $N"
[ "$paths" = $N ] || fail "$paths paths, want $N (doubled or lost)"
[ "$failures" = 0 ] || fail "$failures failures recorded: $(pg_sql "$URL" "SELECT error FROM failures LIMIT 3")"
# Every file by name is there.
for f in $(cat "$T/names"); do echo "$T/inbox/$f"; done | sort >"$T/want"
pg_sql "$URL" "SELECT path FROM paths" | sort >"$T/have"
cmp -s "$T/want" "$T/have" || fail "stored paths differ from the files dropped: $(diff "$T/want" "$T/have" | head -5)"
# Index integrity (amcheck, shipped with the server).
pg_sql "$URL" "CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null
bad=$(pg_sql "$URL" "SELECT count(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace) x") ||
	fail "amcheck reports damage"
kill -TERM "$DPID"
wait "$DPID"
rc=$?
DPID=""
[ $rc -eq 0 ] || fail "precisd exit $rc after SIGTERM"
echo "ok: server stopped mid-ingest of $N files: 0 lost, 0 doubled, $bad indexes checked"
