#!/bin/sh
# The inbox may vanish (deleted, moved away) and come back: precisd says so
# in its status, does not exit or spin, and takes files again once it is
# back.  Also: poll_interval, where size and mtime decide alone.
. "$(dirname "$0")/daemon-common.inc"

missing_is() {
	precis status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
sys.exit(0 if s["running"] and s["inbox_missing"] == (sys.argv[1] == "1") else 1)' "$1"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$DPID/stat"; }

write_conf
start_daemon
: >"$T/expected"
drop "$(article 60)" first.txt
echo "$(b2 "$(article 60)") $INBOX/first.txt" >>"$T/expected"
wait_for "first.txt" listing_has 1

rm -rf "$INBOX"
wait_for "status: inbox missing" missing_is 1
grep -q "inbox '$INBOX' is gone" "$LOG" || fail "the vanishing is not logged"
t0=$(cpu_ticks)
python3 -c 'import time; time.sleep(2)'
t1=$(cpu_ticks)
kill -0 "$DPID" || fail "precisd exited when the inbox vanished"
[ $((t1 - t0)) -lt 20 ] || fail "precisd spins while the inbox is missing ($((t1 - t0)) ticks in 2 s)"
mkdir "$INBOX"
wait_for "status: inbox back" missing_is 0
drop "$(article 61)" second.txt
echo "$(b2 "$(article 61)") $INBOX/second.txt" >>"$T/expected"
wait_for "second.txt" listing_has 2
ok "deleted and re-created: reported, no spin, taken again ($((t1 - t0)) ticks)"

mv "$INBOX" "$T/elsewhere"
wait_for "status: inbox missing after a move" missing_is 1
cp "$(article 62)" "$T/elsewhere/third.txt"
mv "$T/elsewhere" "$INBOX"
echo "$(b2 "$(article 62)") $INBOX/third.txt" >>"$T/expected"
wait_for "status: inbox back after the move" missing_is 0
wait_for "third.txt, there when the inbox came back" listing_has 3
stop_daemon
expect_listing "$T/expected"
ok "moved away and back: the files in it are taken"

# Polling (as on NFS): a file written slowly is taken only once its size
# and mtime have held for settle_ms.
write_conf "poll_interval = 1"
start_daemon
grep -q "(polling)" "$LOG" || fail "poll_interval did not select polling"
python3 - "$INBOX/polled.txt" "$(article 63)" <<'PY'
import sys, time
data = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "wb", buffering=0) as f:
    f.write(data[:len(data) // 2])
    time.sleep(0.1)
    f.write(data[len(data) // 2:])
PY
echo "$(b2 "$(article 63)") $INBOX/polled.txt" >>"$T/expected"
wait_for "the polled file" listing_has 4
stop_daemon
expect_listing "$T/expected"
ok "poll_interval: taken by scan once stable"
