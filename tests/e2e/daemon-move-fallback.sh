#!/bin/sh
# after = move when precisd cannot make a hard link to the file: the
# service user is not the file's owner and may only read it, and
# fs.protected_hardlinks (Debian's default) then refuses link().  The
# move (normally link, sync done_dir, unlink, sync the inbox: see README,
# "Process crash and power loss") falls back to a rename, and the file
# still ends up in done_dir, stored once.
. "$(dirname "$0")/daemon-common.inc"

[ "$(id -u)" -eq 0 ] || { echo "needs root for setpriv"; exit 77; }
command -v setpriv >/dev/null || { echo "no setpriv"; exit 77; }
[ "$(cat /proc/sys/fs/protected_hardlinks 2>/dev/null)" = 1 ] ||
	{ echo "fs.protected_hardlinks is off: link() would not be refused"; exit 77; }
SVC=64721     # the service user and group
MEMBER=64722  # a member of the group, who drops the file
as() { uid=$1; shift; setpriv --reuid="$uid" --regid="$uid" "$@"; }

chmod 0755 "$T"
state=$T/state
mkdir -m 0750 "$state"
mkdir -m 2770 "$state/inbox" "$state/done"
chown "$SVC:$SVC" "$state" "$state/inbox" "$state/done"
INBOX=$state/inbox
DB=$state/precis.db
write_conf "after = move" "done_dir = $state/done"
chmod 0644 "$CONF"
python3 "$E2E_DIR/notify-listen.py" "$T/notify.sock" "$NLOG" &
LPID=$!
wait_for "the notify listener" grep -q LISTENING=1 "$NLOG"
chmod 0777 "$T/notify.sock"
NOTIFY_SOCKET=$T/notify.sock setpriv --reuid=$SVC --regid=$SVC \
	--clear-groups --inh-caps=-all "$PRECISD_BIN" --config "$CONF" \
	2>>"$LOG" &
DPID=$!
wait_for "READY=1" notify_has READY=1 1

# The member's file: theirs, readable by the group, not writable.
cp "$(article 90)" "$T/m.txt" && chmod 0644 "$T/m.txt"
as "$MEMBER" --groups="$SVC" sh -c "umask 022; cp '$T/m.txt' '$INBOX/.m' && mv '$INBOX/.m' '$INBOX/m.txt'" ||
	fail "the member cannot drop a file"
wait_for "the file to leave the inbox" inbox_empty
cmp -s "$state/done/m.txt" "$T/m.txt" || fail "m.txt not moved into done_dir"
# The precondition: the service user may not link the file.
cp "$(article 91)" "$T/n.txt" && chmod 0644 "$T/n.txt"
as "$MEMBER" --groups="$SVC" sh -c "umask 022; cp '$T/n.txt' '$state/done/probe'" || fail "cannot make the probe"
if as "$SVC" --clear-groups ln "$state/done/probe" "$state/done/probe2" 2>/dev/null; then
	fail "link() was allowed: the fallback was not exercised"
fi
kill -TERM "$DPID"
wait_for "STOPPING=1" notify_has STOPPING=1 1
wait "$DPID" || fail "precisd exited with $?"
DPID=
echo "$(b2 "$T/m.txt") $INBOX/m.txt" >"$T/expected"
expect_listing "$T/expected"
ok "a file precisd may not link is moved by rename, stored once"
