#!/bin/sh
# The bbc-dev corpus: 1366 articles stored, a second import stores none and
# reports 1366 duplicates, and `precis list --json` has 1366 entries.
# Skipped (77) where ../shared is absent.
. "$(dirname "$0")/cli-helpers.inc"

CORPUS="${PRECIS_SHARED:-}/corpus/bbc-dev/articles"
[ -n "${PRECIS_SHARED:-}" ] && [ -d "$CORPUS" ] || {
	echo "skip: no bbc-dev corpus"
	exit 77
}

run P import "$CORPUS"
expect_rc 0 "first import"
[ "$OUT" = "stored 1366, duplicate 0, failed 0" ] || fail "first import: $OUT"
run P import "$CORPUS"
expect_rc 0 "second import"
[ "$OUT" = "stored 0, duplicate 1366, failed 0" ] || fail "second import: $OUT"
run P list --json
expect_rc 0 "list --json"
jcheck "assert len(d) == 1366, len(d)
assert len(set(a['hash'] for a in d)) == 1366" "1366 entries"
run P stats --json
jcheck "assert d['articles'] == 1366 and d['paths'] == 1366 and d['failures'] == 0" \
	"stats after two imports"
echo "ok"
