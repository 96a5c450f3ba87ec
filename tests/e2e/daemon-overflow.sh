#!/bin/sh
# A kernel event-queue overflow (IN_Q_OVERFLOW) loses events: precisd counts
# it, rescans, and still takes every file exactly once.  The queue limit is
# read when an inotify instance is made, so it is lowered only while this
# precisd starts, then restored (needs root: skipped otherwise).
CORPUS_N=300
. "$(dirname "$0")/daemon-common.inc"

knob=/proc/sys/fs/inotify/max_queued_events
[ -w "$knob" ] || { echo "cannot lower $knob (not root)"; exit 77; }
old=$(cat "$knob")
restore() { [ -n "$old" ] && echo "$old" >"$knob"; old=; }
trap 'restore; cleanup' EXIT

write_conf
echo 16 >"$knob"
start_daemon
restore
mkdir "$T/stage"
ls "$CORPUS" | head -n 300 | sed "s|^|$CORPUS/|" | xargs cp -t "$T/stage"
b2_listing "$T/stage" "$INBOX" >"$T/expected"
mv "$T/stage"/* "$INBOX"/
wait_for "300 paths" listing_has 300
lost_and_rescanned() {
	precis status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
sys.exit(0 if s["events_lost"] > 0 and s["rescans"] > 0 else 1)'
}
wait_for "events_lost and rescans in the status" lost_and_rescanned
grep -q "event queue overflowed" "$LOG" || fail "overflow not logged"
stop_daemon
expect_listing "$T/expected"
ok "queue overflow: counted, rescanned, all 300 stored once"
