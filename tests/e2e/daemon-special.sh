#!/bin/sh
# What is not an article is left alone: a FIFO is never opened (the daemon
# would hang on it), symlinks are skipped unless follow_symlinks, and then
# only inside the inbox; dot-files and temporary suffixes are ignored.  The
# daemon keeps going and stores the regular files around them.
. "$(dirname "$0")/daemon-common.inc"

write_conf
start_daemon
: >"$T/expected"

mkfifo "$INBOX/pipe.txt"
ln -s "$(article 20)" "$INBOX/link-out.txt"
cp "$(article 21)" "$T/target.txt"
for n in .hidden.txt draft.tmp dl.part dl.crdownload x.swp notes.txt~ up.filepart; do
	cp "$(article 22)" "$INBOX/$n"
done
drop "$(article 23)" regular.txt
echo "$(b2 "$(article 23)") $INBOX/regular.txt" >>"$T/expected"
wait_for "the regular file" listing_has 1
wait_for "the FIFO to be skipped" grep -q "skipped '$INBOX/pipe.txt': a FIFO" "$LOG"
wait_for "the symlink to be skipped" grep -q "skipped '$INBOX/link-out.txt'" "$LOG"
kill -0 "$DPID" || fail "precisd died"
# Nobody holds the FIFO open for reading: a non-blocking writer gets ENXIO.
python3 -c '
import errno, os, sys
try:
    os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
except OSError as e:
    sys.exit(0 if e.errno == errno.ENXIO else 1)
sys.exit(1)' "$INBOX/pipe.txt" || fail "precisd holds the FIFO open"
stop_daemon
expect_listing "$T/expected"
ok "FIFO and symlink skipped (follow_symlinks off), ignored names left"

# follow_symlinks: a link to a file inside the inbox is taken, one to
# outside is not.
write_conf "follow_symlinks = true"
mkdir -p "$INBOX/sub"
start_daemon
cp "$(article 24)" "$INBOX/sub/real.txt"
ln -s "$INBOX/sub/real.txt" "$INBOX/link-in.txt"
ln -s "$T/target.txt" "$INBOX/link-out2.txt"
echo "$(b2 "$(article 24)") $INBOX/link-in.txt" >>"$T/expected"
wait_for "the inside link" listing_has 2
wait_for "the outside link to be refused" \
	grep -q "skipped '$INBOX/link-out2.txt': a symbolic link to outside" "$LOG"
drop "$(article 25)" after.txt
echo "$(b2 "$(article 25)") $INBOX/after.txt" >>"$T/expected"
wait_for "a file after them" listing_has 3
stop_daemon
expect_listing "$T/expected"
# The FIFO was never opened: a writer opening it would still block.
[ -p "$INBOX/pipe.txt" ] || fail "the FIFO was touched"
ok "follow_symlinks: inside taken, outside refused; FIFO untouched"
