# precis digest (issue 9 item 7): text, Markdown, HTML, Atom and JSON, each
# checked against the store as `precis export` reports it; the Atom feed
# parsed back with libxml2 (xmllint) and Python, its ids stable across
# regenerations; --output written atomically; the window and its words.
# With ../shared present, also the feed of the whole bbc-dev store.
. "$(dirname "$0")/cli-helpers.inc"
CHECK="python3 $(dirname "$0")/digest-check.py"

mkdir "$T/in"
cp "$DATA"/*.* "$PRECIS_SRC"/tests/data/digest/* "$T/in/"
run P import "$T/in"
expect_rc 0 "import"
P export --since today >"$T/export.jsonl" || fail "export"
[ "$(wc -l <"$T/export.jsonl")" -eq 4 ] || fail "export: $(cat "$T/export.jsonl")"

for fmt in text markdown html atom; do
	run P digest --since today --format "$fmt"
	expect_rc 0 "digest --format $fmt"
	printf '%s\n' "$OUT" >"$T/d.$fmt"
	$CHECK "$fmt" "$T/d.$fmt" "$T/export.jsonl" || fail "digest --format $fmt"
done
run P digest --since today --json
expect_rc 0 "digest --json"
printf '%s\n' "$OUT" >"$T/d.json"
$CHECK json "$T/d.json" "$T/export.jsonl" || fail "digest --json"

# Escaping: the hostile title survives each format as text, never markup.
hostile="Café & <Bar> \"quoted\" 'single' ]]> *stars* _under_"
grep -qF "$hostile" "$T/d.text" || fail "text title"
grep -qF 'Café &amp; &lt;Bar&gt; &quot;quoted&quot; &#39;single&#39; ]]&gt;' "$T/d.html" ||
	fail "html escaping"
grep -q '<script' "$T/d.html" && fail "html lets a <script> through"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/d.atom" || fail "atom escaping"
grep -qF '## Café \& \<Bar\> "quoted" '"'"'single'"'"' \]\]\> \*stars\* \_under\_' "$T/d.markdown" ||
	fail "markdown escaping: $(grep Caf "$T/d.markdown")"
echo "ok: five formats match the store, escaping holds"

# Stable ids: the same window again gives the same feed and entry ids.
P digest --since today --format atom >"$T/a1.xml"
$CHECK atom "$T/a1.xml" "$T/export.jsonl" "$T/ids1.json" >/dev/null || fail "a1"
if on_pg; then SAME_DB=$DB; else SAME_DB=$T/./s.db; fi
"$PRECIS_BIN" --db "$SAME_DB" digest --since 1w --format atom >"$T/a2.xml"
$CHECK atom "$T/a2.xml" "$T/export.jsonl" "$T/ids2.json" >/dev/null || fail "a2"
cmp -s "$T/ids1.json" "$T/ids2.json" || fail "ids change between runs"
echo "ok: feed and entry ids stable"

# The window: an empty one is still a whole, valid document, exit 0.
: >"$T/empty.jsonl"
for fmt in atom html; do
	run P digest --since tomorrow --format "$fmt"
	expect_rc 0 "empty digest ($fmt)"
	printf '%s\n' "$OUT" >"$T/e.$fmt"
	$CHECK "$fmt" "$T/e.$fmt" "$T/empty.jsonl" >/dev/null || fail "empty $fmt"
done
run P digest --since yesterday --until today --json
expect_rc 0 "yesterday's digest"
[ "$OUT" = "[]" ] || fail "yesterday's digest is not empty: $OUT"
run P digest --limit 2 --json
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 2' "$T/out" ||
	fail "--limit 2"
run P digest --format rss
expect_rc 2 "--format rss"
contains "$ERR" "--format is text, markdown, html or atom, not 'rss'" "bad format named"
run P digest --json --format atom
expect_rc 2 "--json with --format"
run P digest --since soon
expect_rc 2 "bad --since"
echo "ok: windows and usage"

# --output: written through a temporary file renamed over the target, so
# the old file stays whole until the new one is complete, and no
# temporary is left behind.
mkdir "$T/web"
echo "old feed" >"$T/web/feed.xml"
ln "$T/web/feed.xml" "$T/old-link"
run P digest --since today --format atom --output "$T/web/feed.xml"
expect_rc 0 "--output"
[ -z "$OUT" ] || fail "--output also wrote to stdout"
[ "$(cat "$T/old-link")" = "old feed" ] ||
	fail "the old file was rewritten in place, not replaced"
$CHECK atom "$T/web/feed.xml" "$T/export.jsonl" >/dev/null || fail "--output feed"
[ "$(ls "$T/web")" = "feed.xml" ] || fail "left behind: $(ls "$T/web")"
[ "$(stat -c %a "$T/web/feed.xml")" = "$(printf '%o' $((0666 & ~$(umask))))" ] ||
	fail "feed mode $(stat -c %a "$T/web/feed.xml")"
run P digest --format atom --output "$T/nowhere/feed.xml"
expect_rc 2 "--output into a missing folder"
contains "$ERR" "cannot create" "the failure is named"
echo "ok: --output"

# The bbc-dev store: 1366 articles, one feed.
BBC=${PRECIS_SHARED:-}/corpus/bbc-dev/articles
if [ -d "$BBC" ]; then
	"$PRECIS_BIN" --db "$T/bbc.db" import "$BBC" >/dev/null || fail "bbc import"
	"$PRECIS_BIN" --db "$T/bbc.db" export --since 1d >"$T/bbc.jsonl"
	"$PRECIS_BIN" --db "$T/bbc.db" digest --since 1d --format atom \
		--output "$T/bbc.xml" || fail "bbc digest"
	$CHECK atom "$T/bbc.xml" "$T/bbc.jsonl" "$T/bbc-ids.json" || fail "bbc atom"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["ids"]) == 1366 and len(set(d["ids"])) == 1366, len(d["ids"])
' "$T/bbc-ids.json" || fail "bbc feed has not 1366 distinct ids"
	echo "ok: bbc-dev feed of 1366 entries parses and round-trips"
else
	echo "skip: bbc-dev part (no ../shared)"
fi
