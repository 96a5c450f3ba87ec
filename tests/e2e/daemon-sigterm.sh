#!/bin/sh
# SIGTERM in the middle of a batch: precisd finishes the files in hand,
# commits, exits 0; nothing is lost or doubled.  With after = move, a file
# leaves the inbox only once stored: after a restart every file is stored
# exactly once and sits in done_dir exactly once, under its own name.
CORPUS_N=600
. "$(dirname "$0")/daemon-common.inc"

write_conf "after = move" "done_dir = $T/done"
start_daemon
mkdir "$T/stage"
cp "$CORPUS"/* "$T/stage"/
total=$(ls "$T/stage" | wc -l)
b2_listing "$T/stage" "$INBOX" >"$T/expected"
mv "$T/stage"/* "$INBOX"/
wait_for "the first stored file" listing_has_some
stop_daemon
first=$(listing | wc -l)
left=$(ls "$INBOX" | wc -l)
done_n=$(ls "$T/done" | wc -l)
echo "stopped after $first of $total; $done_n moved, $left left in the inbox"
[ "$first" -lt "$total" ] || echo "note: every file was stored before SIGTERM"
[ "$done_n" -eq "$first" ] ||
	fail "$done_n files moved but $first stored: a file left before its commit"
[ $((done_n + left)) -eq "$total" ] || fail "files lost: $done_n + $left != $total"

start_daemon
wait_for "all files" listing_has "$total"
wait_for "the inbox to empty" inbox_empty
stop_daemon
expect_listing "$T/expected"
[ "$(ls "$T/done" | wc -l)" -eq "$total" ] || fail "done_dir count"
(cd "$T/done" && ls) | sort >"$T/done.names"
(cd "$CORPUS" && ls) | sort >"$T/all.names"
diff -u "$T/all.names" "$T/done.names" >/dev/null ||
	fail "done_dir names differ (a file moved twice gets a -N name)"
ok "SIGTERM mid-batch: exit 0, then all $total stored once, moved once"
