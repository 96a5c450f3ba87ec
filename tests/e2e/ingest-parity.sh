#!/bin/sh
# One ingest path (lib/ingest.c): `precis import` of a folder and precisd
# watching the same files store the same articles under the same hashes and
# record the same failures with the same reasons.  The files are the
# hostile fixtures of tests/data/hostile (binary, empty, over max_bytes,
# UTF-16, NUL bytes, a 10 MB line, 250,000 sentences, HTML bombs...), the
# articles of tests/data/cli, and one duplicate.
. "$(dirname "$0")/daemon-common.inc"

DATA=$PRECIS_SRC/tests/data/cli
# 11 MiB: the 10 MB line fits, over-max.txt is one byte over.
write_conf "max_bytes = 11534336"
mkdir "$T/stage" "$T/imported"
python3 "$PRECIS_SRC/tests/data/hostile/gen.py" "$T/stage" "$DATA/harbour.txt"
cp "$DATA/harbour.txt" "$DATA/budget.md" "$DATA/sub/library.txt" \
	"$DATA/sub/zebras.html" "$T/stage/"
cp "$DATA/harbour.txt" "$T/stage/copy-of-harbour.txt"
n=$(ls "$T/stage" | wc -l)
cp "$T/stage"/* "$T/imported/"

# precis import, with the daemon's configuration (max_bytes).
rc=0
"$PRECIS_BIN" --config "$CONF" --db "$T/import.db" import --jobs 2 \
	"$T/imported" >"$T/import.out" 2>"$T/import.err" || rc=$?
[ "$rc" -eq 2 ] || fail "import exited $rc (want 2: some files fail)"

# precisd, with everything renamed into its inbox at once.
start_daemon
mv "$T/stage"/* "$INBOX"/
# done: every file is a known path or a recorded failure.
done_count() {
	precis stats --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(s["paths"] + s["failures"])'
}
all_done() { [ "$(done_count)" -eq "$n" ]; }
DEADLINE=120 wait_for "precisd to take all $n files" all_done
stop_daemon

# outcomes DB: "NAME stored HASH" or "NAME failed REASON" per file.
outcomes() {
	"$PRECIS_BIN" --db "$1" list --json >"$T/list.json"
	"$PRECIS_BIN" --db "$1" failures --json >"$T/fail.json" || true
	python3 - "$T/list.json" "$T/fail.json" <<'PY' | sort
import json, os, sys
for a in json.load(open(sys.argv[1])):
    for p in a["paths"]:
        print(os.path.basename(p), "stored", a["hash"])
for f in json.load(open(sys.argv[2])):
    print(os.path.basename(f["path"]), "failed", f["error"])
PY
}
outcomes "$T/import.db" >"$T/by-import"
outcomes "$DB" >"$T/by-daemon"
[ "$(wc -l <"$T/by-import")" -eq "$n" ] ||
	fail "import recorded $(wc -l <"$T/by-import") of $n files"
if ! diff -u "$T/by-import" "$T/by-daemon"; then
	fail "import and precisd disagree"
fi
# Not vacuous: both kinds of outcome are there, with their reasons.
grep -q '^harbour.txt stored ' "$T/by-import" || fail "harbour not stored"
grep -q '^elf.txt failed binary data' "$T/by-import" ||
	fail "elf.txt not failed as binary"
grep -q '^over-max.txt failed larger than max_bytes' "$T/by-import" ||
	fail "over-max.txt not failed as too large"
grep -q 'stored 13, duplicate 1, failed 8' "$T/import.out" ||
	fail "import counts: $(cat "$T/import.out")"
ok "import and precisd store the same $n outcomes"
