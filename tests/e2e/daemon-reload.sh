#!/bin/sh
# SIGHUP reloads the configuration: RELOADING=1 then READY=1 each time; a
# good file takes effect (a new ignore glob), a bad one is refused with the
# reason logged (file:line) and the running configuration stays in force.
. "$(dirname "$0")/daemon-common.inc"

write_conf
start_daemon
: >"$T/expected"
drop "$(article 40)" one.skip
echo "$(b2 "$(article 40)") $INBOX/one.skip" >>"$T/expected"
wait_for "one.skip under the first configuration" listing_has 1

# A good configuration: *.skip is now ignored.
write_conf "ignore = .*, *.tmp, *.part, *.skip"
readies=$(notify_count READY=1)
kill -HUP "$DPID"
wait_for "READY=1 after reload" notify_has READY=1 $((readies + 1))
notify_has RELOADING=1 1 || fail "no RELOADING=1"
grep -q "configuration reloaded" "$LOG" || fail "reload not logged"
drop "$(article 41)" two.skip
drop "$(article 42)" marker.txt
echo "$(b2 "$(article 42)") $INBOX/marker.txt" >>"$T/expected"
wait_for "marker.txt" listing_has 2
ok "good configuration applied (two.skip ignored)"

# A bad configuration: refused, the old one (ignoring *.skip) stays.
printf '[inbox]\npath = %s\nsettle_ms = later\n[store]\npath = %s\n' \
	"$INBOX" "$DB" >"$CONF"
readies=$(notify_count READY=1)
kill -HUP "$DPID"
wait_for "READY=1 after the bad reload" notify_has READY=1 $((readies + 1))
notify_has RELOADING=1 2 || fail "no second RELOADING=1"
grep -q "reload failed, keeping the running configuration" "$LOG" ||
	fail "refused reload not logged"
grep -q "precis.conf:3" "$LOG" || fail "the reason does not name file:line"
drop "$(article 43)" three.skip
drop "$(article 44)" marker2.txt
echo "$(b2 "$(article 44)") $INBOX/marker2.txt" >>"$T/expected"
wait_for "marker2.txt" listing_has 3
kill -0 "$DPID" || fail "precisd exited on a bad configuration"
status_shows_reload() {
	precis status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["running"] and "reload" in (s["last_error"] or ""), s'
}
wait_for "the failed reload in precis status" status_shows_reload
stop_daemon
expect_listing "$T/expected"
ok "bad configuration refused, old one kept, reason logged"
