#!/bin/sh
# Store faults (issue 5 item 3), each with after = move so that a file
# leaving the inbox proves its result was committed:
#   1. the database locked by another writer for longer than busy_timeout
#      (10 s): a log line and status naming the lock, the files stay in the
#      inbox, and all are stored once the lock goes;
#   2. the disk full (the store on a 2 MB tmpfs, filled up): "disk full"
#      logged and in the status, files kept, stored once there is room;
#   3. the database file deleted, then replaced, while precisd runs: it
#      says so and carries on in the file now at the path, so no result is
#      committed into a file nobody can open.
. "$(dirname "$0")/daemon-common.inc"

[ "$(id -u)" -eq 0 ] || { echo "needs root (mount)"; exit 77; }
mkdir "$T/done" "$T/mnt"
LOCKER=
# The daemon first (it holds files on the tmpfs), then the lock holder and
# the mount, then the common cleanup.
faults_cleanup() {
	if [ -n "$DPID" ]; then kill -KILL "$DPID" 2>/dev/null || true; wait "$DPID" 2>/dev/null || true; fi
	[ -z "$LOCKER" ] || kill "$LOCKER" 2>/dev/null || true
	if mountpoint -q "$T/mnt"; then umount "$T/mnt" || umount -l "$T/mnt"; fi
	cleanup
}
trap faults_cleanup EXIT
write_conf "after = move" "done_dir = $T/done"
status_has() {
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if sys.argv[2] in (s.get("last_error") or "") else 1)' \
		"$DB.status" "$1"
}
in_inbox() { [ -e "$INBOX/$1" ]; }
moved() { [ -e "$T/done/$1" ] && [ ! -e "$INBOX/$1" ]; }
: >"$T/expected"

# --- 1. Locked for longer than busy_timeout.
start_daemon
drop "$(article 70)" before-lock.txt
echo "$(b2 "$(article 70)") $INBOX/before-lock.txt" >>"$T/expected"
wait_for "the first file" moved before-lock.txt
python3 - "$DB" "$T/locked" "$T/unlock" <<'PY' &
import os, sqlite3, sys, time
db, flag, unlock = sys.argv[1:4]
c = sqlite3.connect(db, isolation_level=None, timeout=30)
c.execute("BEGIN EXCLUSIVE")
open(flag, "w").close()
while not os.path.exists(unlock):
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
LOCKER=$!
wait_for "the lock" test -e "$T/locked"
drop "$(article 71)" during-lock.txt
echo "$(b2 "$(article 71)") $INBOX/during-lock.txt" >>"$T/expected"
wait_for "the lock to be reported" \
	grep -q "cannot write to the store: .*locked by another writer" "$LOG"
wait_for "the status to name the lock" status_has "locked"
wait_for "STATUS= to name the lock" grep -q "^STATUS=.*locked by another writer" "$NLOG"
in_inbox during-lock.txt || fail "a file left the inbox while the store was locked"
[ ! -e "$T/done/during-lock.txt" ] || fail "moved without a commit"
touch "$T/unlock"
wait "$LOCKER"
LOCKER=
wait_for "the file after the lock" moved during-lock.txt
kill -0 "$DPID" || fail "precisd died"
ok "locked store: reported, file kept, stored once the lock went"

# --- 2. Disk full: the store on a 2 MB tmpfs.
stop_daemon
mount -t tmpfs -o size=2m tmpfs "$T/mnt"
cp "$DB" "$T/mnt/precis.db"
rm -f "$DB"
DB=$T/mnt/precis.db
write_conf "after = move" "done_dir = $T/done"
start_daemon
# Fill what is left, then drop articles.
dd if=/dev/zero of="$T/mnt/filler" bs=4k 2>/dev/null || true
for i in 0 1 2 3 4 5 6 7 8 9; do
	drop "$(article $((80 + i)))" "full-$i.txt"
	echo "$(b2 "$(article $((80 + i)))") $INBOX/full-$i.txt" >>"$T/expected"
done
wait_for "disk full to be reported" grep -q "disk full" "$LOG"
# The status file sits on the full disk too: STATUS= must say it.
wait_for "STATUS= to say disk full" grep -q "^STATUS=.*disk full" "$NLOG"
kill -0 "$DPID" || fail "precisd died on a full disk"
for i in 0 1 2 3 4 5 6 7 8 9; do
	[ -e "$INBOX/full-$i.txt" ] && continue
	# Left the inbox: only allowed once committed.
	listing | grep -q " $INBOX/full-$i.txt\$" ||
		fail "full-$i.txt left the inbox but is not in the store"
done
rm -f "$T/mnt/filler"
wait_for "the inbox to empty after the disk full" inbox_empty
stop_daemon
expect_listing "$T/expected"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
ok "disk full: reported, files kept, all stored once there was room"

# --- 3. The database deleted, then replaced, while running.
cp "$DB" "$T/precis.db"
rm -f "$T/mnt/"*
umount "$T/mnt"
DB=$T/precis.db
write_conf "after = move" "done_dir = $T/done"
start_daemon
rm -f "$DB" "$DB-wal" "$DB-shm"
drop "$(article 90)" after-delete.txt
wait_for "the deletion to be reported" \
	grep -q "store .* was deleted or replaced" "$LOG"
wait_for "after-delete.txt moved" moved after-delete.txt
[ -e "$DB" ] || fail "no store at $DB after it was deleted"
listing | grep -q " $INBOX/after-delete.txt\$" ||
	fail "after-delete.txt moved, but the store at $DB does not have it"
ok "deleted store: reported, a new one made at the path, file in it"

# Another store (a copy taken by sqlite3's backup, so it is whole).
sqlite3 "$DB" ".backup '$T/other.db'"
mv "$T/other.db" "$DB"
drop "$(article 91)" after-replace.txt
reported_twice() { [ "$(grep -c "store .* was deleted or replaced" "$LOG")" -ge 2 ]; }
wait_for "the replacement to be reported" reported_twice
wait_for "after-replace.txt moved" moved after-replace.txt
listing | grep -q " $INBOX/after-replace.txt\$" ||
	fail "after-replace.txt moved, but the store at $DB does not have it"
stop_daemon
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
ok "replaced store: reported, reopened, file in the new one"
