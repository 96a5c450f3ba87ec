#!/bin/sh
# Sync before acknowledging, traced: no file leaves the inbox (unlink, or
# rename into done_dir/failed_dir) while the store has writes no sync has
# covered, or before the folder of its new name (link into done_dir or
# failed_dir) is synced, and each folder a file left or entered is synced
# afterwards.
# The LD_PRELOAD shim tests/durable/syncorder.c records the calls in
# order and flags a leave with unsynced store writes at the moment of the
# call.  Cheap (seconds); normal build only (a sanitizer runtime refuses
# a preloaded library).
. "$(dirname "$0")/daemon-common.inc"

SHIM=${PRECIS_SYNCORDER:-}
[ -n "$SHIM" ] && [ -f "$SHIM" ] || { echo "no syncorder shim (sanitizer build)"; exit 77; }
# Under scripts/valgrind.sh precisd is already wrapped: the trace is the
# normal pass's job.
[ -z "${PRECISD_WRAPPER:-}" ] || { echo "precisd is wrapped already"; exit 77; }
TRACE=$T/order.log

# check_order KIND: the trace has no violation, and every leave is
# followed by a sync of the folder it left and of the one it entered.
check_order() {
	python3 - "$TRACE" "$1" <<'EOF' || fail "sync order ($1)"
import os, sys
lines = [l.rstrip("\n").split(" ", 2) for l in open(sys.argv[1])]
bad = [l for l in lines if l[0] == "VIOLATION"]
for l in bad[:5]:
    print("left the inbox before the store was synced:", l[1])
leaves = [(i, l) for i, l in enumerate(lines) if l[0] == "LEAVE"]
syncs = [(i, l[1]) for i, l in enumerate(lines) if l[0] == "SYNC"]
unsynced = 0
for i, l in leaves:
    src, dst = l[1], l[2]
    want = {os.path.dirname(src)}
    if dst != "-":
        want.add(os.path.dirname(dst))
    after = {p for j, p in syncs if j > i}
    if not want <= after:
        unsynced += 1
        print("no folder sync after", src, "missing", want - after)
    elif dst != "-":
        # A rename: the folder it entered must be synced no later than
        # the one it left, or a cut in between loses it from both.
        first = {}
        for j, p in syncs:
            if j > i and p not in first:
                first[p] = j
        if first[os.path.dirname(dst)] > first[os.path.dirname(src)]:
            unsynced += 1
            print("inbox synced before the new folder after", src)
print("%s: %d leaves, %d store/folder syncs, %d violations"
      % (sys.argv[2], len(leaves), len(syncs), len(bad)))
sys.exit(1 if bad or unsynced or not leaves else 0)
EOF
}

STORE_REAL=$T/precis.db
start_traced() {
	: >"$TRACE"
	PRECISD_WRAPPER="env LD_PRELOAD=$SHIM SYNCORDER_LOG=$TRACE SYNCORDER_STORE=$STORE_REAL SYNCORDER_INBOX=$INBOX" \
		start_daemon
}

# --- The shim itself catches a leave before the sync (a test that can
# fail): write to the "log", remove an inbox file, then sync and remove
# another.
: >"$TRACE"
echo x >"$INBOX/early"
echo y >"$INBOX/late"
LD_PRELOAD=$SHIM SYNCORDER_LOG=$TRACE SYNCORDER_STORE=$STORE_REAL \
	SYNCORDER_INBOX=$INBOX python3 -c '
import os, sys
fd = os.open(sys.argv[1] + "-wal", os.O_WRONLY | os.O_CREAT, 0o644)
os.write(fd, b"frame")
os.unlink(sys.argv[2] + "/early")
os.fsync(fd)
os.unlink(sys.argv[2] + "/late")' "$STORE_REAL" "$INBOX"
grep -q "^VIOLATION $INBOX/early " "$TRACE" || fail "the shim missed a leave before the sync"
grep -q "^VIOLATION $INBOX/late " "$TRACE" && fail "the shim flagged a leave after the sync"
# The same for a move made as link + unlink: the new name's folder must
# be synced before the inbox name goes.
: >"$TRACE"
mkdir -p "$T/moved"
echo x >"$INBOX/early"
echo y >"$INBOX/late"
LD_PRELOAD=$SHIM SYNCORDER_LOG=$TRACE SYNCORDER_STORE=$STORE_REAL \
	SYNCORDER_INBOX=$INBOX python3 -c '
import os, sys
inbox, moved = sys.argv[1], sys.argv[2]
os.link(inbox + "/early", moved + "/early")
os.unlink(inbox + "/early")
os.link(inbox + "/late", moved + "/late")
fd = os.open(moved, os.O_RDONLY)
os.fsync(fd)
os.unlink(inbox + "/late")' "$INBOX" "$T/moved"
grep -q "^VIOLATION $INBOX/early $T/moved" "$TRACE" || fail "the shim missed an unlink before the new folder's sync"
grep -q "^VIOLATION $INBOX/late " "$TRACE" && fail "the shim flagged an unlink after the new folder's sync"
rm -rf "$STORE_REAL-wal" "$T/moved"
ok "the shim flags a file leaving before the store or its new folder is synced"

# --- after = delete: 40 files, in bursts so that batches vary in size.
write_conf "after = delete"
start_traced
i=0
while [ $i -lt 40 ]; do
	drop "$(article $i)" "d$i.txt"
	[ $((i % 7)) -eq 0 ] && wait_for "d$i to leave" sh -c "! [ -e '$INBOX/d$i.txt' ]"
	i=$((i + 1))
done
wait_for "40 stored" has_articles 40
wait_for "the inbox to empty" inbox_empty
stop_daemon
check_order delete
ok "after = delete: every unlink after the sync of its commit"

# --- after = move, with a failure for failed_dir.
write_conf "after = move" "done_dir = $T/done" "failed_dir = $T/failed"
start_traced
i=40
while [ $i -lt 70 ]; do
	drop "$(article $i)" "m$i.txt"
	i=$((i + 1))
done
python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes(range(256)) * 8)' "$T/bad.bin"
mv "$T/bad.bin" "$INBOX/bad.bin"
wait_for "70 stored" has_articles 70
wait_for "the inbox to empty" inbox_empty
[ -f "$T/failed/bad.bin" ] || fail "bad.bin not in failed_dir"
stop_daemon
check_order move
ok "after = move: every rename after the sync of its commit, folders synced"
