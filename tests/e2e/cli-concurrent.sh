#!/bin/sh
# Readers during an import: `precis list` and `precis show` in a loop while
# `precis import` writes never fail and never see a half-written article.
. "$(dirname "$0")/cli-helpers.inc"

# 3000 distinct articles made from the fixtures (a numbered line makes the
# bytes, hence the hash, of each one different).
mkdir "$T/in"
python3 - "$DATA" "$T/in" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
texts = []
for root, _, files in os.walk(src):
    for f in sorted(files):
        if f.endswith('.txt'):
            texts.append(open(os.path.join(root, f)).read())
for i in range(3000):
    with open(os.path.join(dst, 'a%04d.txt' % i), 'w') as out:
        out.write(texts[i % len(texts)])
        out.write('\nThis is bulletin number %d of the day.\n' % i)
PY

run P import "$DATA/harbour.txt"
expect_rc 0 "seed import"

P import "$T/in" >"$T/import.out" 2>"$T/import.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
reads=0
during=0
while :; do
	running=0
	kill -0 "$pid" 2>/dev/null && running=1
	run P list --limit 1
	[ "$RC" -eq 0 ] || fail "list during import: exit $RC: $ERR"
	id=$(printf '%s\n' "$OUT" | sed -n 2p | awk '{print $1}')
	# The newest article is complete: title, path, summary, keywords.
	run P show --keywords "$id"
	[ "$RC" -eq 0 ] || fail "show $id during import: exit $RC: $ERR"
	contains "$OUT" "path /" "article $id has its path"
	contains "$OUT" "keywords: " "article $id has keywords"
	[ "$(printf '%s\n' "$OUT" | sed -n '7p')" != "" ] ||
		fail "article $id has no summary: $OUT"
	if [ $((reads % 10)) -eq 0 ]; then
		run P list --limit 50 --json
		[ "$RC" -eq 0 ] || fail "list --json during import: $ERR"
		jcheck "assert 1 <= len(d) <= 50" "list --json during import"
	fi
	reads=$((reads + 1))
	[ $running -eq 1 ] && during=$((during + 1))
	[ $running -eq 0 ] && break
done
wait "$pid"
rc=$?
[ $rc -eq 0 ] || fail "import exit $rc: $(cat "$T/import.err")"
[ "$(cat "$T/import.out")" = "stored 3000, duplicate 0, failed 0" ] ||
	fail "import: $(cat "$T/import.out")"
run P stats --json
jcheck "assert d['articles'] == 3001, d['articles']" "all stored"
echo "ok: $reads read rounds, $during while the import ran"
[ $during -gt 0 ] || echo "note: the import finished before the first read"
