#!/bin/sh
# The query commands on a small store built by `precis import`: list, show,
# search, stats, failures, export, forget, config; text and --json output
# and exit codes.
. "$(dirname "$0")/cli-helpers.inc"

run P import "$DATA"
expect_rc 0 "import"
[ "$OUT" = "stored 4, duplicate 0, failed 0" ] || fail "import: $OUT"

# ---- list ----
run P list
expect_rc 0 "list"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 5 ] || fail "list lines: $OUT"
# A header row names the columns; times are local ("2026-11-29 06:12").
[ "$(printf '%s\n' "$OUT" | head -1 | tr -s ' ')" = "ID STORED TITLE" ] ||
	fail "list header: $OUT"
printf '%s\n' "$OUT" | sed 1d | grep -Eqv '^ *[0-9]+  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  ' &&
	fail "list rows: $OUT"
# Local time: the same article an hour east shows an hour later.
ROW=$(TZ=UTC "$PRECIS_BIN" --db "$DB" list --limit 1 | sed -n 2p)
ROW1=$(TZ=UTC-1 "$PRECIS_BIN" --db "$DB" list --limit 1 | sed -n 2p)
[ "$ROW" != "$ROW1" ] || fail "list time is not local: $ROW"
contains "$OUT" "Zebras cross the savanna early this year" "list shows titles"
contains "$OUT" "Village library saved by volunteers" "list shows titles"
run P list --json
expect_rc 0 "list --json"
jcheck "
import re
assert len(d) == 4
for a in d:
    assert isinstance(a['id'], int)
    assert re.fullmatch('[0-9a-f]{64}', a['hash'])
    assert a['title']
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', a['stored_at'])
    assert len(a['paths']) == 1 and a['paths'][0].startswith('/')
    assert a['paths'][0].endswith(('.txt', '.md', '.html'))
" "list --json contract"
python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
for a in d:
    if 'zebras' in a['paths'][0]:
        print(a['id'], a['hash'])" "$T/out" >"$T/zebra"
read -r ZID ZHASH <"$T/zebra"
[ -n "$ZID" ] || fail "zebras article not listed"
export ZID ZHASH

run P list --limit 2
expect_rc 0 "list --limit"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 3 ] || fail "list --limit 2: $OUT"
run P list --sort title --json
expect_rc 0 "list --sort title"
jcheck "t = [a['title'] for a in d]; assert t == sorted(t, key=str.lower), t" \
	"sorted by title"
run P list --since 2000-01-01
expect_rc 0 "list --since past"
run P list --since 1d --json
expect_rc 0 "list --since 1d"
jcheck "assert len(d) == 4" "everything was stored within a day"
run P list --since @4102444800 --json
expect_rc 1 "list --since future"
jcheck "assert d == []" "empty list is []"
run P list --since yesterday-ish
expect_rc 2 "bad --since"
run P list --sort size
expect_rc 2 "bad --sort"

# ---- show ----
run P show "$ZID"
expect_rc 0 "show ID"
contains "$OUT" "Zebras cross the savanna early this year" "show title"
contains "$OUT" "$ZHASH" "show hash"
contains "$OUT" "zebras crossed the dry savanna" "show summary"
lacks "$OUT" "keywords:" "no keywords without --keywords"
PREFIX=$(printf '%s' "$ZHASH" | cut -c1-8)
run P show "$PREFIX"
expect_rc 0 "show HASH-PREFIX"
contains "$OUT" "$ZHASH" "prefix resolves"
run P show "$DATA/sub/zebras.html"
expect_rc 0 "show PATH"
contains "$OUT" "$ZHASH" "path resolves"
(cd "$DATA" && "$PRECIS_BIN" --db "$DB" show sub/zebras.html) >"$T/out" 2>&1 ||
	fail "show relative PATH"
contains "$(cat "$T/out")" "$ZHASH" "relative path resolves"
run P show --keywords --full "$PREFIX"
expect_rc 0 "show --keywords --full"
contains "$OUT" "keywords: " "keywords shown"
contains "$OUT" "Tourists watched the crossing" "body shown with --full"
lacks "$OUT" "Subscribe to our newsletter" "boilerplate not in body"
run P show --json "$PREFIX"
expect_rc 0 "show --json"
jcheck "
import os
assert d['hash'] == os.environ['ZHASH'] and d['id'] == int(os.environ['ZID'])
assert d['title'] == 'Zebras cross the savanna early this year'
assert isinstance(d['summary'], list) and 1 <= len(d['summary']) <= 5
assert all(isinstance(s['text'], str) and s['text'] for s in d['summary'])
assert all(isinstance(s['index'], int) and isinstance(s['score'], float)
           for s in d['summary'])
assert isinstance(d['keywords'], list) and d['keywords']
assert all(isinstance(k['term'], str) and isinstance(k['weight'], float)
           for k in d['keywords'])
assert d['sentence_count'] >= len(d['summary'])
assert 'sentences' not in d and 'summary_scores' not in d
assert d['format'] == 'html' and d['language'] == 'english'
assert 'body' not in d
" "show --json contract"
run P show --json --full "$ZID"
jcheck "assert 'Rangers counted' in d['body']" "show --json --full has body"
run P show 99999
expect_rc 1 "show unknown ID"
contains "$ERR" "99999" "unknown ID named"
run P show abc
expect_rc 1 "too-short prefix"
run P show
expect_rc 2 "show without argument"

# ---- search ----
run P search zebra
expect_rc 0 "search"
contains "$OUT" "[Zebras] cross the savanna" "search hit title, marked"
contains "$OUT" "[zebras]" "search highlights the match"
run P search --fts --json harbour OR library
expect_rc 0 "search --json"
jcheck "
assert len(d) == 2
for h in d:
    assert set(('id', 'hash', 'title', 'snippet', 'relevance', 'summary',
                'keywords', 'paths', 'stored_at')) <= set(h)
    assert '[' in h['snippet'] and ']' in h['snippet']
    assert 0 < h['relevance'] <= 1
assert d[0]['relevance'] == 1 and d[0]['relevance'] >= d[1]['relevance']
" "search --json contract"
run P search --fts --limit 1 harbour OR library
expect_rc 0 "search --limit"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] || fail "one hit is two lines: $OUT"
# (PostgreSQL reads --fts with websearch_to_tsquery, which refuses
# nothing.)
if ! on_pg; then
	run P search --fts '"unbalanced'
	expect_rc 2 "malformed query"
	contains "$ERR" "malformed search query" "malformed query explained"
	lacks "$ERR" "fts5" "no SQLite jargon"
	lacks "$ERR" "SQL" "no SQLite jargon"
	run P search --fts 'colour:red'
	expect_rc 2 "unknown column"
fi
# Without --fts nothing the user types is query syntax.
run P search '"unbalanced'
expect_rc 1 "a lone quote is forgiven"
run P search 'colour:red'
expect_rc 1 "colour:red is two words"
run P search harbour OR library
expect_rc 1 "OR is a word, all words required"
run P search -- -harbour
expect_rc 2 "only an exclusion"
contains "$ERR" "add a word to look for" "only an exclusion explained"
run P search harbour -storm
expect_rc 1 "exclusion removes the hit"
run P search --json title:harbour
expect_rc 0 "title:word"
jcheck "assert len(d) == 1 and 'Harbour' in d[0]['title']" "title:word hit"
run P search giraffe
expect_rc 1 "no hits"
run P search --json giraffe
expect_rc 1 "no hits --json"
jcheck "assert d == []" "no hits is []"

# ---- stats ----
run P stats
expect_rc 0 "stats"
contains "$OUT" "articles     4" "stats articles"
contains "$OUT" "english 4" "stats languages"
run P stats --json
expect_rc 0 "stats --json"
jcheck "
assert d['articles'] == 4 and d['failures'] == 0 and d['paths'] == 4
assert d['languages'] == {'english': 4}
assert sum(d['formats'].values()) == 4 and d['formats']['html'] == 1
assert d['bytes'] > 2000 and d['words'] > 300
assert d['last_stored'] and d['last_failure'] is None
" "stats --json"

# ---- failures (none) ----
run P failures
expect_rc 1 "no failures"
run P failures --json
expect_rc 1 "no failures --json"
jcheck "assert d == []" "failures --json empty"

# ---- export ----
run P export
expect_rc 0 "export"
python3 -c "import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 4, len(lines)
ids = []
for l in lines:
    a = json.loads(l)
    assert a['summary'] and a['keywords'] and a['body'] and a['hash']
    ids.append(a['id'])
assert ids == sorted(ids), ids  # oldest first" "$T/out" ||
	fail "export jsonl: $OUT"
run P export --format csv
expect_rc 0 "export csv"
python3 -c "import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0][:3] == ['id', 'hash', 'title'] and len(rows[0]) == 13, rows[0]
assert len(rows) == 5, len(rows)
z = [r for r in rows[1:] if r[2] == 'Zebras cross the savanna early this year']
assert len(z) == 1 and 'zebras crossed' in z[0][11] and z[0][10].endswith('zebras.html')
" "$T/out" || fail "export csv: $OUT"
run P export --format xml
expect_rc 2 "bad export format"

# ---- forget ----
run P forget "$PREFIX"
expect_rc 0 "forget"
contains "$OUT" "forgot $ZID" "forget names the article"
run P show "$PREFIX"
expect_rc 1 "forgotten article is gone"
run P search zebra
expect_rc 1 "forgotten article is not found by search"
run P list --json
jcheck "assert len(d) == 3" "three left after forget"
run P forget 99999
expect_rc 1 "forget unknown"

# ---- configuration ----
run "$PRECIS_BIN" config --defaults
expect_rc 0 "config --defaults"
contains "$OUT" "[inbox]" "config has sections"
contains "$OUT" "settle_ms = 500" "config has defaults"
contains "$OUT" "path = /var/lib/precis/precis.db" "config has store path"
if on_pg; then STORE_KEY="url = $DB"; else STORE_KEY="path = $T/s.db"; fi
cat >"$T/precis.conf" <<CONF
[store]
$STORE_KEY
[summary]
length = 3
CONF
run "$PRECIS_BIN" --config "$T/precis.conf" config
expect_rc 0 "config --config"
contains "$OUT" "$STORE_KEY" "config shows the file's value"
contains "$OUT" "length = 3" "config shows the file's value"
# The store named in the configuration is used without --db.
run "$PRECIS_BIN" --config "$T/precis.conf" list --json
expect_rc 0 "list via --config"
jcheck "assert len(d) == 3" "store found through the configuration"
printf '[inbox]\nsettle = 5\nrecursive = perhaps\n' >"$T/bad.conf"
run "$PRECIS_BIN" --config "$T/bad.conf" config
expect_rc 2 "invalid configuration"
contains "$ERR" "bad.conf:2: unknown key 'settle'" "first error with line"
contains "$ERR" "bad.conf:3:" "second error with line"
run "$PRECIS_BIN" --config "$T/bad.conf" list
expect_rc 2 "invalid configuration stops queries"

# ---- help ----
run "$PRECIS_BIN" --help
expect_rc 0 "--help"
for c in import list show search stats failures export forget config; do
	contains "$OUT" "  $c " "--help lists $c"
done
contains "$OUT" "exit codes" "--help lists exit codes"
echo "ok"
