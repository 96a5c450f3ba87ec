#!/bin/sh
# precis summarize and precis extract, with no store and no daemon: plain
# output, JSON, lengths, stdin, the configuration's [summary] defaults and
# the errors a user sees for bad input.
. "$(dirname "$0")/cli-helpers.inc"

cat >"$T/a.txt" <<'TXT'
Council approves new bridge

The city council approved a new bridge over the river on Monday after years of debate.

The bridge will cost 40 million pounds and open in 2027, the council said.

Residents have asked for a second river crossing since the old bridge closed in 2019.

Some council members argued the money should go to schools instead of the bridge.

The mayor called the vote on the bridge a historic day for the city and its residents.

Share this article

12 comments
TXT

run "$PRECIS_BIN" summarize --sentences 2 "$T/a.txt"
expect_rc 0 "summarize"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] || fail "two lines: $OUT"
contains "$OUT" "The city council approved a new bridge over the river on Monday after years of debate." \
	"sentences keep their exact text"
lacks "$OUT" "comments" "chrome is not summarized"

run "$PRECIS_BIN" summarize --sentences 100 "$T/a.txt"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 5 ] || fail "never more than the article: $OUT"

run "$PRECIS_BIN" summarize --words 1 "$T/a.txt"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] || fail "at least one sentence: $OUT"

run "$PRECIS_BIN" summarize --ratio 40% --json "$T/a.txt"
expect_rc 0 "summarize --json"
jcheck "assert d['title'] == 'Council approves new bridge'
assert d['format'] == 'text' and d['language'] == 'english'
assert d['algorithm'] == 'default'
idx = [s['index'] for s in d['summary']]
assert len(idx) == 2 and idx == sorted(idx), idx
assert all(isinstance(s['score'], float) for s in d['summary'])
assert d['id'] is None and d['stored_at'] is None
import os
assert d['paths'] == [os.path.join(os.path.dirname(sys.argv[1]), 'a.txt')], d['paths']
assert isinstance(d['sentence_count'], int) and d['sentence_count'] >= 2
assert d['keywords'][0]['term'] == 'bridge', d['keywords']" "summarize JSON"

for alg in textrank lead; do
	run "$PRECIS_BIN" summarize --algorithm $alg --sentences 1 "$T/a.txt"
	expect_rc 0 "algorithm $alg"
done
run "$PRECIS_BIN" summarize --algorithm lead --sentences 1 - <"$T/a.txt"
[ "$OUT" = "The city council approved a new bridge over the river on Monday after years of debate." ] ||
	fail "stdin with lead: $OUT"

# The configuration's [summary] length is the default; options win.
printf '[summary]\nlength = 1\nalgorithm = lead\n' >"$T/p.conf"
run "$PRECIS_BIN" --config "$T/p.conf" summarize "$T/a.txt"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] || fail "config length: $OUT"
run "$PRECIS_BIN" --config "$T/p.conf" summarize --sentences 3 "$T/a.txt"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 3 ] || fail "option over config: $OUT"

# Errors: clear message, exit 2, nothing on stdout.
run "$PRECIS_BIN" summarize "$T/missing.txt"
expect_rc 2 "missing file"
contains "$ERR" "missing.txt" "the file is named"
printf '\177ELF\002\001\001\000\000\000\000\000' >"$T/bin"
run "$PRECIS_BIN" summarize "$T/bin"
expect_rc 2 "binary"
contains "$ERR" "binary" "binary input is called so"
[ -z "$OUT" ] || fail "no output for binary input"
: >"$T/empty.txt"
run "$PRECIS_BIN" summarize "$T/empty.txt"
expect_rc 2 "empty file"
contains "$ERR" "empty" "empty input is called so"
run "$PRECIS_BIN" summarize --lang klingon "$T/a.txt"
expect_rc 2 "unknown language"
contains "$ERR" "unknown language 'klingon'" "language named"
run "$PRECIS_BIN" summarize --algorithm magic "$T/a.txt"
expect_rc 2 "unknown algorithm"
run "$PRECIS_BIN" summarize --sentences 0 "$T/a.txt"
expect_rc 2 "zero sentences"
run "$PRECIS_BIN" summarize --sentences 2 --words 9 "$T/a.txt"
expect_rc 2 "two lengths"

# extract: title, blank line, paragraphs separated by blank lines.
run "$PRECIS_BIN" extract "$T/a.txt"
expect_rc 0 "extract"
[ "$(printf '%s\n' "$OUT" | head -n 1)" = "Council approves new bridge" ] || fail "title first: $OUT"
[ "$(printf '%s\n' "$OUT" | sed -n 2p)" = "" ] || fail "blank after the title"
[ "$(printf '%s\n' "$OUT" | grep -c .)" -eq 6 ] || fail "title and 5 paragraphs: $OUT"
cat >"$T/p.html" <<'HTML'
<!DOCTYPE html><html><head><title>Council approves new bridge over the river | City News</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council approves new bridge over the river</h1>
<p>The city council approved a new bridge over the river on Monday after years of debate, officials said.</p>
<p>The bridge will cost 40 million pounds and is due to open in 2027, according to the council.</p>
</article><footer>Copyright City News</footer></body></html>
HTML
run "$PRECIS_BIN" extract --json "$T/p.html"
expect_rc 0 "extract --json"
jcheck "assert d['title'] == 'Council approves new bridge over the river', d
assert d['format'] == 'html' and d['language'] == 'english'
assert len(d['paragraphs']) == 2, d['paragraphs']
assert not any('Home' in p or 'Copyright' in p for p in d['paragraphs'])" "extract JSON"
printf 'one line of text without a title marker, long enough to be prose and not a headline at all.\n' >"$T/nt.txt"
run "$PRECIS_BIN" extract --json "$T/nt.txt"
jcheck "assert d['title'] is None, d" "null title"
echo "cli-summarize: ok"
