#!/bin/sh
# after = keep with thousands of files kept in the inbox: precisd keeps no
# state for stored files (issue 8 item 5); a restart's scan recognises them
# from the store (path, size, mtime, inode) and reads none of them again,
# while a file added, rewritten, or replaced by another of the same size
# and mtime while it was down is taken.  3,000 files are 30 articles under
# 100 names each, so the run is mostly reading and hashing; the scan lists
# them in chunks of 1,024.  tests/bench/bench-inbox-rss.sh measures the
# memory at a million files.
CORPUS_N=31
. "$(dirname "$0")/daemon-common.inc"

N=3000
write_conf
mkdir "$T/stage"
python3 - "$CORPUS" "$T/stage" "$N" <<'PY'
import os, shutil, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(os.listdir(src))[:30]
for i in range(n):
    shutil.copyfile(os.path.join(src, names[i % len(names)]),
                    os.path.join(out, f"kept-{i:05d}.txt"))
PY
mv "$T/stage"/* "$INBOX"/
start_daemon
wait_for "all $N files" listing_has "$N"
has_articles 30 || fail "expected 30 articles, got $(articles)"
stop_daemon
ok "$N files stored once each (30 articles)"

# While precisd is down: one new file, one rewritten, one replaced by a
# file of the same size and mtime (a new inode), one deleted.
drop "$(article 30)" new.txt
printf '\nA late correction was added to this story.\n' >>"$INBOX/kept-00007.txt"
python3 - "$INBOX/kept-00011.txt" <<'PY'
import os, sys
p = sys.argv[1]
st = os.stat(p)
data = bytearray(open(p, "rb").read())
data[-2:-1] = b"!" if data[-2:-1] != b"!" else b"?"
tmp = p + ".swap"
open(tmp, "wb").write(data)
os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
os.rename(tmp, p)
PY
rm "$INBOX/kept-00013.txt"
: >"$LOG"
start_daemon --config "$CONF" -v
for f in new.txt kept-00007.txt kept-00011.txt; do
	h=$(b2 "$INBOX/$f")
	wait_for "$f" sh -c "'$PRECIS_BIN' --db '$DB' list --json | grep -q $h"
done
# Every chunk of the scan says how many entries the store knew as they are.
wait_for "the scan to finish" grep -q "inbox': .* file(s), " "$LOG"
known=$(sed -n "s/.*inbox': [0-9]* file(s)\( so far\)\{0,1\}, \([0-9]*\) unchanged since.*/\2/p" "$LOG" |
	awk '{ s += $1 } END { print s + 0 }')
[ "$known" -eq $((N - 3)) ] ||
	fail "the scan knew $known files from the store, expected $((N - 3))"
stored=$(grep -c "stored '.*' as" "$LOG" || true)
[ "$stored" -eq 3 ] || fail "stored $stored files after the restart, expected 3"
grep -q "already summarized\|unchanged, already stored" "$LOG" &&
	fail "a kept file was read again"
has_articles 33 || fail "expected 33 articles, got $(articles)"
stop_daemon
ok "restart: $known kept files recognised from the store, 3 changes taken"
