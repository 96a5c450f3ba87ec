#!/bin/sh
# rescan_interval: a safety net for changes the kernel does not report.
# inotify reports a change to the directory entry it came through: setting
# a stored file's mtime through a hard link outside the inbox raises no
# event in the inbox at all.  The store no longer matches the file (path,
# size, mtime, inode), so the periodic rescan reads it again (the same
# bytes: nothing new is stored).  Without rescan_interval nothing reads it.
. "$(dirname "$0")/daemon-common.inc"

run() {
	write_conf "$@"
	start_daemon --config "$CONF" -v
	cp "$(article 90)" "$T/a.txt"
	mv "$T/a.txt" "$INBOX/a.txt"
	wait_for "a.txt" listing_has 1
	# utimensat() through a hard link elsewhere: no event in the inbox.
	rm -f "$T/alias.txt"
	ln "$INBOX/a.txt" "$T/alias.txt"
	python3 -c 'import os, sys; os.utime(sys.argv[1], (978307200, 978307200))' "$T/alias.txt"
	drop "$(article 91)" marker.txt
	wait_for "the marker" listing_has 2
}

echo "$(b2 "$(article 90)") $INBOX/a.txt" >"$T/expected"
echo "$(b2 "$(article 91)") $INBOX/marker.txt" >>"$T/expected"

run "rescan_interval = 1"
wait_for "the rescan to read the file again" \
	grep -q "unchanged '$INBOX/a.txt': already stored as article" "$LOG"
rescans() {
	precis status --json | python3 -c '
import json, sys
sys.exit(0 if json.load(sys.stdin)["rescans"] > 0 else 1)'
}
wait_for "rescans counted in the status" rescans
stop_daemon
expect_listing "$T/expected"
has_articles 2 || fail "expected 2 articles"
ok "rescan_interval: a file whose signature changed without an event is read again"

# Without it, three seconds later the file has not been read again.
rm -rf "$INBOX"/* "$DB" "$DB-wal" "$DB-shm"
: >"$LOG"
run
python3 -c 'import time; time.sleep(3)'
if grep -q "a.txt': unchanged, already stored" "$LOG"; then
	fail "read again without rescan_interval: the test shows nothing"
fi
grep -q "periodic rescan" "$LOG" && fail "periodic rescans without rescan_interval"
stop_daemon
ok "no rescan_interval: no periodic rescans"
