#!/bin/sh
# precisd basics: files renamed in, written then renamed, a temporary name
# renamed to a real one, the same bytes under two names, files dropped while
# the daemon is stopped; `precis status` while running and after.
. "$(dirname "$0")/daemon-common.inc"

write_conf
"$PRECISD_BIN" --check-config --config "$CONF" >/dev/null ||
	fail "--check-config rejects a valid file"
printf '[inbox]\nsettle_ms = soon\nnonsense = 1\n' >"$T/bad.conf"
if "$PRECISD_BIN" --check-config --config "$T/bad.conf" 2>"$T/bad.log"; then
	fail "--check-config accepts a bad file"
fi
grep -q 'bad.conf:2' "$T/bad.log" || fail "config error without file:line"
ok "--check-config"

# Dropped while the daemon was down: found by the start-up scan.
cp "$(article 0)" "$INBOX/before.txt"
: >"$T/expected"
echo "$(b2 "$INBOX/before.txt") $INBOX/before.txt" >>"$T/expected"

start_daemon
wait_for "the file dropped while down" listing_has 1
ok "file dropped while stopped is stored"

precis status >"$T/status.txt" || fail "precis status exit $? while running"
grep -q "running (pid $DPID)" "$T/status.txt" || fail "status: $(cat "$T/status.txt")"
ok "precis status while running"

# Renamed in (the common case).
drop "$(article 1)" renamed.txt
echo "$(b2 "$(article 1)") $INBOX/renamed.txt" >>"$T/expected"
# Written in place, then renamed within the inbox.
cat "$(article 2)" >"$INBOX/written.txt"
mv "$INBOX/written.txt" "$INBOX/written-then-renamed.txt"
echo "$(b2 "$(article 2)") $INBOX/written-then-renamed.txt" >>"$T/expected"
# A temporary name (ignored) renamed to a real one.
cat "$(article 3)" >"$INBOX/upload.tmp"
mv "$INBOX/upload.tmp" "$INBOX/upload.txt"
echo "$(b2 "$(article 3)") $INBOX/upload.txt" >>"$T/expected"
# The same bytes under two names: one article, two paths.
drop "$(article 4)" twin-a.txt
drop "$(article 4)" twin-b.txt
h=$(b2 "$(article 4)")
echo "$h $INBOX/twin-a.txt" >>"$T/expected"
echo "$h $INBOX/twin-b.txt" >>"$T/expected"

wait_for "all paths" listing_has 6
has_articles 5 || fail "expected 5 articles, got $(articles)"
# Files and articles are named one way in every line (issue 9): the path
# quoted, the article by the 12 hex digits `precis list` shows.
h12=$(echo "$h" | cut -c1-12)
grep -q "already stored as article $h12\$" "$LOG" || fail "duplicate not logged"
[ "$(grep -c "already stored as article $h12\$" "$LOG")" -eq 1 ] ||
	fail "duplicate logged more than once"
grep -q "stored '$INBOX/twin-[ab].txt' as article $h12\$" "$LOG" ||
	fail "stored line: $(grep twin "$LOG")"
grep -q "duplicate '$INBOX/twin-[ab].txt': already stored as article $h12\$" \
	"$LOG" || fail "duplicate line: $(grep twin "$LOG")"
grep -Eq '[0-9a-f]{64}' "$LOG" && fail "a whole hash in the log: $(grep -E '[0-9a-f]{64}' "$LOG")"

stop_daemon
expect_listing "$T/expected"
ok "renamed, written+renamed, temp->real, duplicate: exact store contents"

# Dropped while stopped again, then restarted: nothing stored twice.
drop "$(article 5)" later.txt
echo "$(b2 "$(article 5)") $INBOX/later.txt" >>"$T/expected"
rc=0
precis status >"$T/status.txt" 2>&1 || rc=$?
[ "$rc" -eq 4 ] || fail "precis status exit $rc, not 4, when precisd is stopped"
grep -q "not running" "$T/status.txt" || fail "status: $(cat "$T/status.txt")"
start_daemon
wait_for "the file dropped while down" listing_has 7
precis status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["running"] is True and s["state"] == "running", s
import re
iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
assert re.fullmatch(iso, s["started_at"]) and re.fullmatch(iso, s["updated_at"]), s
' || fail "status --json"
stop_daemon
expect_listing "$T/expected"
has_articles 6 || fail "expected 6 articles, got $(articles)"
ok "restart: new file taken, old ones not stored twice"
