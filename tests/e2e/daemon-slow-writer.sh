#!/bin/sh
# Files still being written are never taken: written in pieces through one
# open descriptor with pauses several times settle_ms; opened and closed
# several times while being written; created and held open.  Each must end
# up stored exactly once, with the hash of its final bytes.
. "$(dirname "$0")/daemon-common.inc"

SETTLE_MS=200
write_conf
start_daemon

# pieces.py FILE SRC MODE: write SRC into FILE in 4 pieces.
#   one:    one descriptor, pauses of 0.7 s (3.5 x settle) between pieces
#   reopen: close after each piece and reopen 0.05 s later; the second
#           piece is followed by a 0.7 s pause with the file open
cat >"$T/pieces.py" <<'PY'
import sys, time
path, src, mode = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
n = 4
parts = [data[i * len(data) // n:(i + 1) * len(data) // n] for i in range(n)]
if mode == "one":
    with open(path, "wb", buffering=0) as f:
        for i, p in enumerate(parts):
            f.write(p)
            if i < n - 1:
                time.sleep(0.7)
else:
    for i, p in enumerate(parts):
        with open(path, "ab" if i else "wb", buffering=0) as f:
            f.write(p)
            if i == 1:
                time.sleep(0.7)
        time.sleep(0.05)
PY

python3 "$T/pieces.py" "$INBOX/slow.txt" "$(article 10)" one &
p1=$!
python3 "$T/pieces.py" "$INBOX/reopened.txt" "$(article 11)" reopen &
p2=$!
wait $p1
wait $p2
: >"$T/expected"
echo "$(b2 "$(article 10)") $INBOX/slow.txt" >>"$T/expected"
echo "$(b2 "$(article 11)") $INBOX/reopened.txt" >>"$T/expected"
wait_for "both slow files" listing_has 2
ok "slow writers stored"

# Created and held open, content complete but not closed: not taken, for
# however long the writer waits (here 5 x settle_ms).
exec 3>"$INBOX/held.txt"
cat "$(article 12)" >&3
python3 -c 'import time; time.sleep(1.0)'
[ "$(listing | wc -l)" -eq 2 ] || fail "a file still open for writing was taken"
exec 3>&-
echo "$(b2 "$(article 12)") $INBOX/held.txt" >>"$T/expected"
wait_for "the held file after close" listing_has 3
ok "a file held open is taken only after it is closed"

stop_daemon
expect_listing "$T/expected"
has_articles 3 || fail "a half-written file was stored: $(articles) articles"
ok "exactly the final bytes of each file, once"
