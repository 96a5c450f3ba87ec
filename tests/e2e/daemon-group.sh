#!/bin/sh
# The service's sharing model, without systemd: precisd runs as the service
# user with UMask=0007 in a 0750 state directory with a setgid 2770 inbox
# (as precisd.service and tmpfiles.d/precis.conf set up); another user in
# the service's group drops a file and queries the store with `precis list`
# and `precis status`; a user outside the group cannot read it.
. "$(dirname "$0")/daemon-common.inc"

[ "$(id -u)" -eq 0 ] || { echo "needs root for setpriv"; exit 77; }
command -v setpriv >/dev/null || { echo "no setpriv"; exit 77; }
SVC=64711     # the service user and group ("precis")
MEMBER=64712  # a member of the group
OTHER=64713   # not a member
as() { uid=$1; shift; setpriv --reuid="$uid" --regid="$uid" "$@"; }

chmod 0755 "$T"
state=$T/state
mkdir -m 0750 "$state"
mkdir -m 2770 "$state/inbox"
chown "$SVC:$SVC" "$state" "$state/inbox"
INBOX=$state/inbox
DB=$state/precis.db
write_conf
chmod 0644 "$CONF"
start_daemon_as_service() {
	if [ -z "$LPID" ]; then
		python3 "$E2E_DIR/notify-listen.py" "$T/notify.sock" "$NLOG" &
		LPID=$!
		wait_for "the notify listener" grep -q LISTENING=1 "$NLOG"
		chmod 0777 "$T/notify.sock"
	fi
	NOTIFY_SOCKET=$T/notify.sock setpriv --reuid=$SVC --regid=$SVC \
		--clear-groups --inh-caps=-all \
		sh -c 'umask 0007; exec "$0" "$@"' "$PRECISD_BIN" --config "$CONF" \
		2>>"$LOG" &
	DPID=$!
	wait_for "READY=1" notify_has READY=1 1
}
start_daemon_as_service

# A member drops a file (the setgid inbox gives it the service's group).
cp "$(article 80)" "$T/member.txt" && chmod 0644 "$T/member.txt"
as "$MEMBER" --groups="$SVC" sh -c "cp '$T/member.txt' '$INBOX/.m' && mv '$INBOX/.m' '$INBOX/member.txt'" ||
	fail "a group member cannot drop a file into the inbox"
listed() {
	as "$MEMBER" --groups="$SVC" "$PRECIS_BIN" --db "$DB" list --json |
		grep -q "$INBOX/member.txt"
}
wait_for "the member's file, listed by the member" listed
as "$MEMBER" --groups="$SVC" "$PRECIS_BIN" --db "$DB" status >/dev/null ||
	fail "a group member cannot run precis status"
if as "$OTHER" --clear-groups "$PRECIS_BIN" --db "$DB" list >/dev/null 2>&1; then
	fail "a user outside the group can read the store"
fi
case $(stat -c %a "$DB") in 640|660) ;; *) fail "store mode $(stat -c %a "$DB"): not group-readable only";; esac
stop_daemon
ok "group member drops and queries; others cannot read"
