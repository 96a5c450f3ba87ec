# One daemon per store (issue 9): a second precisd on the same store
# refuses to start with exit 6 and leaves the status file alone; `precis
# status` says "running" for the first, and after SIGKILL of the first
# "not running" with a stale status file; after a clean stop, plain "not
# running".  Also: an invalid configuration exits 2 from precisd (run or
# --check-config) exactly as from `precis config`.
. "$(dirname "$0")/daemon-common.inc"

write_conf
start_daemon
first=$DPID
wait_for "a status file" test -s "$DB.status"

out=$(precis status) || fail "status of a running daemon exits $?"
echo "$out" | grep -q "^precisd: *running (pid $first)" ||
	fail "status does not say running: $out"
cp "$DB.status" "$T/status.before"
ok "first precisd running"

# The second one, on the same store spelled another way (through a
# symlinked folder), with a different inbox.
mkdir -p "$T/inbox2"
ln -s "$T" "$T/alias"
rc=0
timeout 20 "$PRECISD_BIN" --inbox "$T/inbox2" --db "$T/alias/precis.db" \
	2>"$T/second.log" || rc=$?
[ "$rc" -eq 6 ] || fail "second precisd exited $rc, not 6: $(cat "$T/second.log")"
grep -q "another precisd (pid $first) is running on the store" \
	"$T/second.log" || fail "second precisd says: $(cat "$T/second.log")"
cmp -s "$DB.status" "$T/status.before" ||
	grep -q "\"pid\":$first," "$DB.status" ||
	fail "the second precisd touched the status file"
grep -q "inbox2" "$DB.status" && fail "status file names the second inbox"
out=$(precis status) || fail "status after a refused second daemon exits $?"
echo "$out" | grep -q "^precisd: *running (pid $first)" ||
	fail "status after the second: $out"
ok "second precisd refused with exit 6, first still running"

# Crash: SIGKILL leaves the status file saying "running".
kill -KILL "$first"
wait "$first" 2>/dev/null || true
DPID=
grep -q '"state":"running"' "$DB.status" ||
	fail "status file does not still say running after SIGKILL"
rc=0
out=$(precis status) || rc=$?
[ "$rc" -eq 4 ] || fail "status after SIGKILL exits $rc, not 4"
echo "$out" | grep -q "^precisd: *not running (stale status file: pid $first" ||
	fail "status after SIGKILL: $out"
rc=0
precis status --json >"$T/st.json" || rc=$?
[ "$rc" -eq 4 ] || fail "status --json after SIGKILL exits $rc"
python3 - "$T/st.json" <<'PY' || fail "status --json after SIGKILL"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["running"] is False, o
assert o["daemon"] == "stale status file", o
PY
ok "after SIGKILL: not running, stale status file"

# The kernel dropped the lock: a new daemon starts; a clean stop then
# reads as plain "not running".
start_daemon
wait_for "the new daemon's status" grep -q "\"pid\":$DPID," "$DB.status"
precis status | grep -q "^precisd: *running (pid $DPID)" ||
	fail "restarted daemon not running"
stop_daemon
rc=0
out=$(precis status) || rc=$?
[ "$rc" -eq 4 ] || fail "status after a clean stop exits $rc"
echo "$out" | grep -q "^precisd: *not running (last status stopped" ||
	fail "status after a clean stop: $out"
ok "restart after a crash, then a clean stop"

# The same bad configuration, the same exit code everywhere.
printf '[inbox]\nsettle_ms = soon\n' >"$T/bad.conf"
for cmd in "$PRECISD_BIN --check-config --config $T/bad.conf" \
	"$PRECISD_BIN --config $T/bad.conf" \
	"$PRECIS_BIN --config $T/bad.conf config"; do
	rc=0
	$cmd >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 2 ] || fail "'$cmd' exits $rc on a bad configuration, not 2"
done
ok "a bad configuration exits 2 from precisd and precis"

# A mistyped option: one line, a suggestion, exit 2.
rc=0
"$PRECISD_BIN" --chek-config >"$T/opt.out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "unknown option exits $rc"
[ "$(wc -l <"$T/opt.out")" -eq 1 ] || fail "not one line: $(cat "$T/opt.out")"
grep -q "unknown option '--chek-config'; did you mean '--check-config'?" \
	"$T/opt.out" || fail "no suggestion: $(cat "$T/opt.out")"
ok "precisd suggests the option meant"
