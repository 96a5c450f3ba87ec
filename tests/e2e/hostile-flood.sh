#!/bin/sh
# A flood (docs/hostile-inputs.md, resource limits): 10,000 tiny files at
# once, half renamed in together and half written in place (four inotify
# events each: 25,000 events in all, over the default max_queued_events of
# 16,384, so the kernel queue may overflow and a rescan must find the
# rest).  Every file is stored exactly once and precisd's peak RSS (VmHWM)
# stays under FLOOD_MAX_RSS_KB (default 150 MB).
. "$(dirname "$0")/daemon-common.inc"

N=${FLOOD_FILES:-10000}
MAX_KB=${FLOOD_MAX_RSS_KB:-153600}
DEADLINE=${E2E_DEADLINE:-180}
write_conf
start_daemon
mkdir "$T/stage"
python3 - "$T/stage" "$INBOX" "$N" <<'PY'
import os, sys
stage, inbox, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    d = stage if i % 2 == 0 else inbox
    with open(os.path.join(d, f"tiny-{i:05d}.txt"), "w") as f:
        f.write(f"Tiny file number {i} says hello. It has {i % 7 + 2} "
                f"short sentences, and this one is the last.\n")
PY
b2_listing "$T/stage" "$INBOX" >"$T/expected"
b2_listing "$INBOX" "$INBOX" >>"$T/expected"
find "$T/stage" -type f -exec mv -t "$INBOX" {} +
started=$(date +%s%N)
wait_for "$N paths" listing_has "$N"
took_ms=$((($(date +%s%N) - started) / 1000000))
kill -0 "$DPID" || fail "precisd died"
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$DPID/status")
# AddressSanitizer's shadow memory and valgrind inflate RSS: no cap there.
grep -q 'libasan\|valgrind\|memcheck' "/proc/$DPID/maps" && MAX_KB=99999999
stop_daemon
expect_listing "$T/expected"
has_articles "$N" || fail "expected $N articles, got $(articles)"
lost=$(grep -c 'event queue overflow\|events were lost\|overflow' "$LOG" || true)
echo "flood: $N files stored ${took_ms} ms after the move; peak RSS (VmHWM) ${hwm} kB;" \
	"overflow log lines: $lost"
[ "$hwm" -le "$MAX_KB" ] || fail "peak RSS $hwm kB over $MAX_KB kB"
ok "$N tiny files at once: each stored once, peak RSS $hwm kB"
