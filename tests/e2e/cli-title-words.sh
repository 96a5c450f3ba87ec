#!/bin/sh
# Typing any word of an article's title, punctuation and all (hyphens,
# apostrophes, U.S., 3.5, quotes), finds the article: over the articles of
# tests/data and, when ../shared is there, the bbc-dev corpus (titles of
# real news) and the HTML pages of html-dev (titles of real web pages).
# Before issue 9 `precis search solar-power` was a syntax error.
. "$(dirname "$0")/cli-helpers.inc"

mkdir -p "$T/in"
cp -r "$PRECIS_SRC/tests/data/cli" "$PRECIS_SRC/tests/data/html" \
	"$PRECIS_SRC/tests/data/md" "$T/in/"
# Titles with the punctuation people type.
printf "Solar-power plans for the U.S. don't add up\n\nThe solar power plant in the U.S. state was built in 2019, the report says. It cost 3.5 times the plan.\n" \
	>"$T/in/solar.txt"
printf '"Fake" news, O'"'"'Brien & co.: 3.5%% rise (2024) — why?\n\nA report on the rise of fake news in the county, and why it matters.\n' \
	>"$T/in/fake.txt"
# One search per distinct word costs a process: every article of
# tests/data, and a fixed sample of the corpora (every STEP-th file; a
# sparser one under the sanitizers, which run everything ten times slower).
STEP=8
[ -n "${ASAN_OPTIONS:-}" ] && STEP=40
if [ -n "${PRECIS_SHARED:-}" ] && [ -d "$PRECIS_SHARED/corpus/bbc-dev" ]; then
	mkdir -p "$T/in/bbc-dev" "$T/in/html-dev"
	ls "$PRECIS_SHARED"/corpus/bbc-dev/articles/* | awk "NR % $STEP == 1" |
		while read -r f; do cp "$f" "$T/in/bbc-dev/"; done
	ls "$PRECIS_SHARED"/corpus/html-dev/*.html | awk "NR % $STEP == 1" |
		while read -r f; do cp "$f" "$T/in/html-dev/"; done
fi
run P import "$T/in"
expect_rc 0 "import"
echo "$OUT"
run P list --json
expect_rc 0 "list"

python3 - "$T/out" "$PRECIS_BIN" "$DB" <<'PY' || fail "title words"
import json, re, subprocess, sys
arts = json.load(open(sys.argv[1]))
prog, db = sys.argv[2], sys.argv[3]
hits = {}
def search(word):
    if word not in hits:
        r = subprocess.run([prog, "--db", db, "search", "--limit", "100000",
                            "--color=never", "--", word],
                           capture_output=True)
        if r.returncode not in (0, 1):
            sys.exit(f"search {word!r}: exit {r.returncode}: "
                     f"{r.stderr.decode(errors='replace')}")
        hits[word] = {int(l.split()[0]) for l in r.stdout.decode(
            errors="replace").splitlines() if l[:1].isdigit()}
    return hits[word]
bad, n = [], 0
for a in arts:
    for w in (a["title"] or "").split():
        # A word with no letter or digit ("—", "&") has nothing to find;
        # a leading "-" is the exclusion syntax.
        if not re.search(r"\w", w) or w.startswith("-"):
            continue
        n += 1
        if a["id"] not in search(w):
            bad.append(f"{w!r} does not find {a['id']} {a['title']!r}")
print(f"{n} title words of {len(arts)} articles, {len(hits)} searches; "
      f"{len(bad)} missed")
if bad:
    sys.exit("\n".join(bad[:20]))
PY
exit 0
