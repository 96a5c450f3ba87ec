#!/bin/sh
# recursive = true: a folder moved in with files (and a folder) already in
# it is watched before it is listed, so every file is taken; a folder made
# in place and filled at once loses nothing either.  recursive = false
# leaves subfolders alone.
. "$(dirname "$0")/daemon-common.inc"

write_conf "recursive = true"
start_daemon
: >"$T/expected"

mkdir -p "$T/stage/batch/deeper"
cp "$(article 30)" "$T/stage/batch/a.txt"
cp "$(article 31)" "$T/stage/batch/b.txt"
cp "$(article 32)" "$T/stage/batch/deeper/c.txt"
mv "$T/stage/batch" "$INBOX/batch"
echo "$(b2 "$(article 30)") $INBOX/batch/a.txt" >>"$T/expected"
echo "$(b2 "$(article 31)") $INBOX/batch/b.txt" >>"$T/expected"
echo "$(b2 "$(article 32)") $INBOX/batch/deeper/c.txt" >>"$T/expected"

# Made in place and filled straight away, racing the new watch.
mkdir "$INBOX/fresh" && cp "$(article 33)" "$INBOX/fresh/d.txt" &&
	mkdir "$INBOX/fresh/x" && cp "$(article 34)" "$INBOX/fresh/x/e.txt"
echo "$(b2 "$(article 33)") $INBOX/fresh/d.txt" >>"$T/expected"
echo "$(b2 "$(article 34)") $INBOX/fresh/x/e.txt" >>"$T/expected"
# Dot-folders are not entered.
mkdir "$INBOX/.cache" && cp "$(article 35)" "$INBOX/.cache/f.txt"

wait_for "all five files" listing_has 5
# Files written into a folder already watched.
drop "$(article 36)" batch/deeper/g.txt 2>/dev/null ||
	{ cp "$(article 36)" "$INBOX/batch/deeper/.g"; mv "$INBOX/batch/deeper/.g" "$INBOX/batch/deeper/g.txt"; }
echo "$(b2 "$(article 36)") $INBOX/batch/deeper/g.txt" >>"$T/expected"
wait_for "the sixth file" listing_has 6
expect_listing "$T/expected"
ok "recursive: moved-in tree, fresh folder, nested folder"

# A folder renamed within the inbox: its files are the same bytes under new
# names (one more path each), and the watch follows it to its new name.
mv "$INBOX/batch" "$INBOX/renamed"
for f in a.txt b.txt deeper/c.txt deeper/g.txt; do
	grep " $INBOX/batch/$f\$" "$T/expected" | sed "s| $INBOX/batch/| $INBOX/renamed/|"
done >>"$T/expected.new"
cat "$T/expected.new" >>"$T/expected"
wait_for "the renamed folder's paths" listing_has 10
cp "$(article 39)" "$INBOX/renamed/deeper/.h" && mv "$INBOX/renamed/deeper/.h" "$INBOX/renamed/deeper/h.txt"
echo "$(b2 "$(article 39)") $INBOX/renamed/deeper/h.txt" >>"$T/expected"
wait_for "a file in the renamed folder" listing_has 11
# A folder moved out of the inbox is no longer watched.
mv "$INBOX/fresh" "$T/outside"
cp "$(article 29)" "$T/outside/not-in-inbox.txt"
drop "$(article 28)" last.txt
echo "$(b2 "$(article 28)") $INBOX/last.txt" >>"$T/expected"
wait_for "last.txt" listing_has 12
stop_daemon
expect_listing "$T/expected"
ok "recursive: renamed folder followed, moved-out folder dropped"

# Not recursive: subfolders are not looked into, top-level files are.
rm -f "$DB" "$DB-wal" "$DB-shm"
rm -rf "$INBOX"/*
write_conf "recursive = false"
start_daemon
mkdir -p "$T/stage/sub"
cp "$(article 37)" "$T/stage/sub/h.txt"
mv "$T/stage/sub" "$INBOX/sub"
drop "$(article 38)" top.txt
wait_for "the top-level file" listing_has 1
echo "$(b2 "$(article 38)") $INBOX/top.txt" >"$T/expected"
stop_daemon
expect_listing "$T/expected"
ok "not recursive: subfolder ignored"
