#!/bin/sh
# Hostile timing and names (docs/hostile-inputs.md): files deleted right
# after their creation event, a file truncated while it is being read, and
# file names with a newline, with bytes that are not UTF-8 and 255 bytes
# long.  The daemon stays up, stores the odd names under their exact bytes,
# never stores a torn read, and stores the ordinary files of the batch.
. "$(dirname "$0")/daemon-common.inc"

write_conf
start_daemon
mkdir -p "$T/orig"
: >"$T/spec"

# Names: copies of real articles; the spec percent-encodes the names.
python3 - "$INBOX" "$T/orig" "$(article 60)" "$(article 61)" "$(article 62)" \
	>>"$T/spec" <<'PY'
import os, sys, urllib.parse
inbox, orig, *srcs = (os.fsencode(a) for a in sys.argv[1:])
names = [b"new\nline.txt", b"bad-\xff\xfe-\xe9.txt", b"L" * 251 + b".txt"]
assert len(names[2]) == 255
for name, src in zip(names, srcs):
    data = open(src, "rb").read()
    open(os.path.join(orig, name), "wb").write(data)
    tmp = os.path.join(inbox, b".tmp-name")
    open(tmp, "wb").write(data)
    os.rename(tmp, os.path.join(inbox, name))
    print(urllib.parse.quote_from_bytes(name, safe=""), "stored")
PY

# Deleted right after creation: before any write, after a write (both
# within settle_ms: nothing may be stored or recorded), and right after a
# rename in, which makes a file complete at once: it may have been read
# whole before the unlink, and then it is stored with its exact bytes.
python3 - "$INBOX" "$(article 63)" "$T/orig" >>"$T/spec" <<'PY'
import os, sys
inbox, src, orig = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
for i in range(100):
    p = os.path.join(inbox, f"gone-{i}.txt")
    with open(p, "wb") as f:
        if i % 3:
            f.write(data + b"%d" % i)
    if i % 3 == 2:
        with open(os.path.join(orig, f"gone-{i}-moved.txt"), "wb") as f:
            f.write(data + b"%d" % i)
    if i % 3 == 2:
        q = os.path.join(inbox, f"gone-{i}-moved.txt")
        os.rename(p, q)
        p = q
    os.unlink(p)
    print(os.path.basename(p), "maybe" if i % 3 == 2 else "absent")
PY

# Truncated while read: 15 MB renamed in, then cut to 4000 bytes at once.
python3 -c '
import sys
a = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write((a * (15 * 2**20 // len(a) + 1))[:15 * 2**20])' \
	"$(article 64)" "$T/big.txt"
big=$(b2 "$T/big.txt")
mv "$T/big.txt" "$INBOX/truncated.txt"
truncate -s 4000 "$INBOX/truncated.txt"
cut=$(b2 "$INBOX/truncated.txt")

echo "truncated.txt any" >>"$T/spec"
for i in 1 2 3; do
	drop "$(article $((64 + i)))" "ordinary-$i.txt"
	echo "ordinary-$i.txt stored" >>"$T/spec"
done
python3 "$E2E_DIR/hostile-check.py" "$PRECIS_BIN" "$DB" "$INBOX" "$T/spec" \
	"$LOG" 60 2>&1 | grep -v '^  ok  gone-' | tee "$T/check.out"
grep -q BAD "$T/check.out" && fail "outcomes differ"
kill -0 "$DPID" || fail "precisd died"

# The truncated file: its final bytes are stored; anything else stored
# for that name is the whole 15 MB (read before the cut), never a mix.
truncated_ok() {
	listing | awk -v p="$INBOX/truncated.txt" '$2 == p { print $1 }' \
		>"$T/trunc.hashes"
	grep -qx "$cut" "$T/trunc.hashes"
}
wait_for "the truncated file's final bytes" truncated_ok
while read -r h; do
	[ "$h" = "$cut" ] || [ "$h" = "$big" ] || fail "a torn read was stored: $h"
done <"$T/trunc.hashes"
echo "truncated.txt: $(wc -l <"$T/trunc.hashes") version(s) stored, final one included"
stop_daemon

# The store keeps the exact bytes of a name that is not UTF-8.
hex=$(printf '%s' "$INBOX/bad-" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
sqlite3 "$DB" "SELECT hex(path) FROM paths" | grep -qx "${hex}FFFE2DE92E747874" ||
	fail "the store does not hold the exact bytes of bad-\\xff\\xfe-\\xe9.txt"

# Log lines stay one line per outcome: the newline in a name is escaped.
grep -q "new\\\\nline.txt" "$LOG" || grep -q 'new\\012line' "$LOG" ||
	fail "the newline in a file name was not escaped in the log"
grep -qx "line.txt'.*" "$LOG" && fail "a raw newline from a file name in the log"
ok "odd names stored exactly, deleted files ignored, no torn read"
