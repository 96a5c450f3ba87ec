#!/bin/sh
# A large import keeps the store's log (SQLite's -wal file) bounded: its
# checkpointer thread copies the log after each commit, and the writer waits
# for that copy once the log passes 16 MiB (cli/cmd-import.c).  A writer
# that never waited let the log grow with the import (47 MB for these
# 6,000 generated articles; 57 to 60 MB when the checkpointer opened its
# handle late and waited for the write lock all along).  The articles are imported while
# the log's size is sampled every 2 ms; at most 40 MB is allowed (the 16
# MiB bound plus the two batches written before the writer waits: 10 to
# 24 MB seen), and the log is gone once the import has exited.  SQLite
# stores only.
. "$(dirname "$0")/cli-helpers.inc"

if on_pg; then
	echo "skip: the log is SQLite's"
	exit 77
fi
python3 "$PRECIS_SRC/tests/e2e/make-corpus.py" "$T/in" 6000 >/dev/null ||
	fail "make-corpus"
python3 - "$PRECIS_BIN" "$DB" "$T/in" >"$T/res" 2>&1 <<'PY' || { cat "$T/res" >&2; fail "import with sampling"; }
import os, subprocess, sys, time

bin, db, src = sys.argv[1:4]
p = subprocess.Popen([bin, "--db", db, "import", src],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peak = samples = 0
while p.poll() is None:
    try:
        peak = max(peak, os.stat(db + "-wal").st_size)
    except FileNotFoundError:
        pass
    samples += 1
    time.sleep(0.002)
out, err = p.communicate()
if p.returncode != 0:
    sys.exit("import failed (%d): %s" % (p.returncode, err.decode()))
print(out.decode().strip())
print("peak %d samples %d" % (peak, samples))
PY
OUT=$(head -1 "$T/res")
[ "$OUT" = "stored 6000, duplicate 0, failed 0" ] || fail "import: $OUT"
peak=$(sed -n 's/^peak \([0-9]*\) .*/\1/p' "$T/res")
samples=$(sed -n 's/.* samples \([0-9]*\)$/\1/p' "$T/res")
echo "largest log seen: $peak bytes in $samples samples"
[ "$samples" -ge 10 ] || fail "too few samples ($samples) to judge"
[ "$peak" -gt 0 ] || fail "no log seen"
[ "$peak" -le $((40 * 1024 * 1024)) ] || fail "log grew to $peak bytes"
[ ! -e "$DB-wal" ] || fail "the log is left after the import"
run P stats --json
jcheck "assert d['articles'] == 6000 and d['failures'] == 0" "stats"
echo "ok"
