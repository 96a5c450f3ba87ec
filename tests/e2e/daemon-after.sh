#!/bin/sh
# after = move | delete, done_dir with name collisions, failed_dir, and
# failures: recorded in the store with their reason, never retried until
# the file changes (not even across a restart).
. "$(dirname "$0")/daemon-common.inc"

mkbin() { python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes(range(256)) * 16 + sys.argv[2].encode())' "$1" "$2"; }
failures_json() { precis failures --json 2>/dev/null || echo '[]'; }
# failure_attempts PATH: attempts recorded for PATH (0 if none).
failure_attempts() {
	failures_json | python3 -c '
import json, sys
n = [f["attempts"] for f in json.load(sys.stdin) if f["path"] == sys.argv[1]]
print(n[0] if n else 0)' "$1"
}
attempts_are() { [ "$(failure_attempts "$1")" -eq "$2" ]; }

# --- after = move, failed_dir; a name already taken in done_dir.
write_conf "after = move" "done_dir = $T/done" "failed_dir = $T/failed"
mkdir -p "$T/done"
echo "an older file with the same name" >"$T/done/c.txt"
start_daemon
: >"$T/expected"
drop "$(article 50)" a.txt
drop "$(article 51)" c.txt
mkbin "$T/bad.bin" one
mv "$T/bad.bin" "$INBOX/bad.bin"
echo "$(b2 "$(article 50)") $INBOX/a.txt" >>"$T/expected"
echo "$(b2 "$(article 51)") $INBOX/c.txt" >>"$T/expected"
wait_for "two stored" listing_has 2
wait_for "the failure recorded" attempts_are "$INBOX/bad.bin" 1
wait_for "the inbox to empty" inbox_empty
cmp -s "$T/done/a.txt" "$(article 50)" || fail "a.txt not in done_dir"
cmp -s "$T/done/c-1.txt" "$(article 51)" || fail "collision: c.txt not moved to c-1.txt"
grep -q older "$T/done/c.txt" || fail "the older c.txt was replaced"
[ -f "$T/failed/bad.bin" ] || fail "bad.bin not moved to failed_dir"
failures_json | grep -q '"error": "binary' || fail "failure reason not recorded"
stop_daemon
expect_listing "$T/expected"
ok "after = move: done_dir, unique names, failed_dir, reason in the store"

# --- after = keep: a failure is not retried until the file changes.
write_conf
start_daemon
mkbin "$T/bad2.bin" two
mv "$T/bad2.bin" "$INBOX/bad2.bin"
wait_for "bad2 recorded" attempts_are "$INBOX/bad2.bin" 1
stop_daemon
# -v logs the decision to leave an unchanged failure alone: wait for it.
start_daemon --config "$CONF" -v
wait_for "the unchanged failure to be passed over" \
	grep -q "inbox': 1 file(s), 1 unchanged since stored or failed" "$LOG"
drop "$(article 52)" marker.txt
echo "$(b2 "$(article 52)") $INBOX/marker.txt" >>"$T/expected"
wait_for "the marker" listing_has 3
attempts_are "$INBOX/bad2.bin" 1 || fail "an unchanged failed file was retried after a restart"
# Changed: tried again (and still failing: a second attempt).
printf 'more' >>"$INBOX/bad2.bin"
wait_for "the retry of the changed file" attempts_are "$INBOX/bad2.bin" 2
stop_daemon
ok "failures are not retried until the file changes"

# --- after = delete.
write_conf "after = delete"
start_daemon
drop "$(article 53)" gone.txt
echo "$(b2 "$(article 53)") $INBOX/gone.txt" >>"$T/expected"
wait_for "gone.txt stored" listing_has 4
wait_for "gone.txt deleted" sh -c "! test -e '$INBOX/gone.txt'"
# marker.txt, kept under the old setting, is stored too: it goes as well;
# the failed file stays (no failed_dir), its failure still on record.
wait_for "marker.txt deleted" sh -c "! test -e '$INBOX/marker.txt'"
[ -e "$INBOX/bad2.bin" ] || fail "after = delete removed a file that failed"
attempts_are "$INBOX/bad2.bin" 2 || fail "bad2.bin retried unchanged"
stop_daemon
expect_listing "$T/expected"
ok "after = delete"

# --- recursive, with done_dir and failed_dir inside the inbox: they are
# never watched, so what lands there is not taken again.
write_conf "recursive = true" "after = move" "done_dir = $INBOX/done" \
	"failed_dir = $INBOX/failed"
start_daemon
drop "$(article 54)" in-tree.txt
echo "$(b2 "$(article 54)") $INBOX/in-tree.txt" >>"$T/expected"
mkbin "$T/bad3.bin" three
mv "$T/bad3.bin" "$INBOX/bad3.bin"
wait_for "in-tree.txt moved to done" test -f "$INBOX/done/in-tree.txt"
wait_for "bad3.bin moved to failed" test -f "$INBOX/failed/bad3.bin"
# A marker after them proves the daemon has caught up, then: nothing
# from done/ or failed/ was taken as a new path.
drop "$(article 55)" marker3.txt
echo "$(b2 "$(article 55)") $INBOX/marker3.txt" >>"$T/expected"
wait_for "marker3" test -f "$INBOX/done/marker3.txt"
stop_daemon
expect_listing "$T/expected"
failures_json | grep -q "$INBOX/failed/" && fail "a file in failed_dir was taken"
ok "done_dir and failed_dir inside a recursive inbox are not watched"
