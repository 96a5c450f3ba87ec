#!/bin/sh
# Paths longer than PATH_MAX (docs/hostile-inputs.md, limits): with
# recursive = true, folders nested 25 deep with 200-byte names (about
# 5,000 bytes of path).  precisd warns "File name too long, skipping" for
# the folder it cannot watch, stays up, and stores the files it can reach.
. "$(dirname "$0")/daemon-common.inc"

write_conf "recursive = true"
start_daemon
python3 - "$INBOX" "$(article 95)" <<'PY'
import os, sys
inbox, src = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
os.chdir(inbox)
for i in range(25):
    n = "d%02d" % i + "x" * 196
    os.mkdir(n)
    os.chdir(n)
    if i == 2:
        open("shallow.txt", "wb").write(data)
open("deep.txt", "w").write("A file too deep to reach. It has two sentences.\n")
PY
wait_for "the too-long path to be reported" grep -q "File name too long, skipping" "$LOG"
wait_for "the shallow file" listing_has 1
kill -0 "$DPID" || fail "precisd died"
listing | grep -q '/shallow.txt$' || fail "the shallow file is not the one stored"
stop_daemon
ok "paths over PATH_MAX: warned and skipped, the rest stored"
