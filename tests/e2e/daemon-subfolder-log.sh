# A subfolder dropped into a non-recursive inbox is ignored with exactly
# one log line (issue 9 item 8): whether it was there at start (found by
# the scan) or arrives later (an inotify event), however many rescans
# follow.  Hidden folders and precisd's own done_dir get no line.
. "$(dirname "$0")/daemon-common.inc"

mkdir -p "$INBOX/early" "$INBOX/.hidden" "$INBOX/done"
echo "Nested file. It is not taken." >"$INBOX/early/nested.txt"
write_conf "recursive = false" "rescan_interval = 1" "after = move" \
	"done_dir = $INBOX/done"
start_daemon
mkdir "$INBOX/late"
echo "Another nested file. Also left alone." >"$INBOX/late/nested.txt"
mkdir "$T/elsewhere"
mv "$T/elsewhere" "$INBOX/moved-in"

rescans() {
	precis status --json 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["rescans"])' ||
		echo 0
}
end=$(($(date +%s) + DEADLINE))
while [ "$(rescans)" -lt 3 ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "no rescans"
	sleep 0.1
done
for d in early late moved-in; do
	n=$(grep -c "ignoring subfolder '$INBOX/$d': \[inbox\] recursive is false" "$LOG" || true)
	[ "$n" -eq 1 ] || fail "subfolder $d logged $n times"
done
grep -q "ignoring subfolder '$INBOX/.hidden'" "$LOG" && fail "hidden folder logged"
grep -q "ignoring subfolder '$INBOX/done'" "$LOG" && fail "done_dir logged"
has_articles 0 || fail "a nested file was stored"
stop_daemon
ok "each ignored subfolder logged once over $(grep -c . "$LOG") log lines"
