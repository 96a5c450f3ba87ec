#!/bin/sh
# Hostile file types (docs/hostile-inputs.md): a FIFO, a socket and a device
# node are skipped and never opened (checked with inotify's IN_OPEN); with
# follow_symlinks on, a link to a file outside the inbox and symlink loops
# are skipped with their reason; a directory named x.txt is left alone; a
# file of mode 000 is stored when precisd runs as root (root reads it) and
# is a recorded failure "Permission denied" when it runs as an ordinary
# user, the service's case, and is tried again once its mode is fixed.
# Ordinary files in the same batch are stored.
. "$(dirname "$0")/daemon-common.inc"

write_conf "follow_symlinks = true"
start_daemon
: >"$T/spec"
spec() { echo "$*" >>"$T/spec"; }

# Every open in the inbox, by name (the daemon's included).
inotifywait -q -m -e open --format '%f' "$INBOX" >"$T/opens" 2>/dev/null &
IPID=$!
trap 'kill $IPID 2>/dev/null; cleanup' EXIT
wait_for "inotifywait to watch" sh -c "touch '$INBOX/.probe' && cat '$INBOX/.probe' && grep -q probe '$T/opens'"

mkfifo "$INBOX/pipe.txt"
spec pipe.txt skipped a FIFO
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	"$INBOX/sock.txt"
spec sock.txt skipped a socket
# A character device with the numbers of /dev/zero: reading it would
# never end.
mknod "$INBOX/zero.txt" c 1 5
spec zero.txt skipped a device
cp "$(article 30)" "$T/outside.txt"
ln -s "$T/outside.txt" "$INBOX/link-out.txt"
spec link-out.txt skipped a symbolic link to outside the inbox
ln -s loop-b.txt "$INBOX/loop-a.txt"
ln -s loop-a.txt "$INBOX/loop-b.txt"
ln -s self.txt "$INBOX/self.txt"
for n in loop-a.txt loop-b.txt self.txt; do
	spec $n skipped a symbolic link that cannot be resolved
done
mkdir "$INBOX/x.txt"
cp "$(article 31)" "$INBOX/x.txt/inside.txt"
spec x.txt absent
spec x.txt/inside.txt absent
mkdir -p "$T/orig"
cp "$(article 32)" "$T/orig/mode000.txt"
cp "$T/orig/mode000.txt" "$T/mode000.txt"
chmod 000 "$T/mode000.txt"
mv "$T/mode000.txt" "$INBOX/mode000.txt"
spec mode000.txt stored
for i in 1 2 3; do
	drop "$(article $((32 + i)))" "ordinary-$i.txt"
	spec "ordinary-$i.txt" stored
done
python3 "$E2E_DIR/hostile-check.py" "$PRECIS_BIN" "$DB" "$INBOX" "$T/spec" \
	"$LOG" 60 || fail "outcomes differ"
kill -0 "$DPID" || fail "precisd died"
# A directory is not a file: no "failed" or "skipped" line for it either;
# only the one line saying a non-recursive inbox ignores it (issue 9).
grep "x.txt'" "$LOG" | grep -v "ignoring subfolder '$INBOX/x.txt': " |
	grep -q . && fail "the directory x.txt was treated as a file"
[ "$(grep -c "ignoring subfolder '$INBOX/x.txt': " "$LOG")" -eq 1 ] ||
	fail "the ignored directory x.txt is not logged once"
for n in pipe.txt sock.txt zero.txt; do
	grep -qx "$n" "$T/opens" && fail "$n was opened"
done
stop_daemon
ok "FIFO, socket, device never opened; links refused; directory left alone"

# --- As an ordinary user (the service runs as 'precis'): mode 000 is a
# failure with its reason, the rest of the batch is stored.
if ! command -v setpriv >/dev/null || [ "$(id -u)" -ne 0 ]; then
	echo "skip: the unprivileged half needs root and setpriv"
	exit 0
fi
chmod 755 "$T"
chmod 777 "$T/notify.sock"
mkdir "$T/user"
rm -rf "$INBOX"/*
chown nobody "$T/user" "$INBOX"
DB=$T/user/precis.db
write_conf
: >"$T/spec"
PRECISD_WRAPPER="setpriv --reuid=nobody --regid=nogroup --clear-groups"
start_daemon
cp "$(article 40)" "$T/orig/locked.txt"
cp "$T/orig/locked.txt" "$T/locked.txt"
chmod 000 "$T/locked.txt"
chown root "$T/locked.txt"
mv "$T/locked.txt" "$INBOX/locked.txt"
spec locked.txt failed Permission denied
drop "$(article 41)" ordinary-4.txt
chmod 644 "$INBOX/ordinary-4.txt"
spec ordinary-4.txt stored
python3 "$E2E_DIR/hostile-check.py" "$PRECIS_BIN" "$DB" "$INBOX" "$T/spec" \
	"$LOG" 60 || fail "outcomes differ (as nobody)"
ok "as an ordinary user, a mode-000 file is a failure with its reason"

# Its owner fixes the mode: the change (IN_ATTRIB) makes precisd try the
# file again, although its bytes and mtime are the same.
chmod 644 "$INBOX/locked.txt"
: >"$T/spec"
echo "locked.txt stored" >>"$T/spec"
echo "ordinary-4.txt stored" >>"$T/spec"
python3 "$E2E_DIR/hostile-check.py" "$PRECIS_BIN" "$DB" "$INBOX" "$T/spec" \
	"$LOG" 20 || fail "a failed file whose mode was fixed was not retried"
stop_daemon
ok "a failed file is tried again once its mode is fixed"
