#!/bin/sh
# A writer that keeps its file open across a crash of precisd (SIGKILL)
# and pauses for several settle_ms after the restart: the restarted daemon
# never saw the open, yet it must not take the file half-written
# (DESIGN.md section 3: "a file still open for writing is not taken,
# however long its writer pauses").  The file is stored once, with the
# hash of its final bytes.
. "$(dirname "$0")/daemon-common.inc"

SETTLE_MS=200
write_conf
start_daemon
python3 - "$INBOX/slow.txt" "$(article 12)" "$T/half" "$T/go" <<'PY' &
import os, sys, time
path, src, half, go = sys.argv[1:5]
data = open(src, "rb").read()
with open(path, "wb", buffering=0) as f:
    f.write(data[:len(data) // 2])
    open(half, "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    time.sleep(1.0)  # 5 x settle_ms, with the file open, after the restart
    f.write(data[len(data) // 2:])
PY
WPID=$!
wait_for "the first half" test -e "$T/half"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null || true
DPID=
start_daemon
touch "$T/go"
wait "$WPID"
echo "$(b2 "$(article 12)") $INBOX/slow.txt" >"$T/expected"
wait_for "the finished file" listing_has 1
stop_daemon
expect_listing "$T/expected"
has_articles 1 || fail "expected 1 article, got $(articles): a half-written file was taken"
ok "a file held open across a crash is taken only once its writer closes it"
