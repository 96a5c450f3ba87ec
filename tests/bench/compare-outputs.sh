#!/bin/sh
# Whether two builds summarize alike: `precis summarize --json` of every
# file of the dev corpora (bbc-dev, CNN/DM dev and test-dev, the html-dev
# pages), tests/data/articles and ../shared/examples, by OLD and NEW, byte
# for byte (stdout and stderr).  A speed change should print "0 differ".
# Not a CTest test.
#
# usage: tests/bench/compare-outputs.sh OLD-PRECIS NEW-PRECIS [ARGS...]
# ARGS go to summarize (e.g. --algorithm textrank).  Needs ../shared.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
old=$1 new=$2
shift 2
shared=${PRECIS_SHARED:-$here/../../../shared}
[ -d "$shared/corpus" ] || { echo "no $shared/corpus" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 d=0
for f in "$shared"/corpus/bbc-dev/articles/* \
	"$shared"/corpus/cnndm-dev/articles/* \
	"$shared"/corpus/cnndmtest-dev/articles/* \
	"$shared"/corpus/html-dev/*.html \
	"$here"/../data/articles/* "$shared"/examples/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	"$old" summarize --json "$@" "$f" >"$tmp/a" 2>&1 || true
	"$new" summarize --json "$@" "$f" >"$tmp/b" 2>&1 || true
	if ! cmp -s "$tmp/a" "$tmp/b"; then
		d=$((d + 1))
		echo "differs: $f"
	fi
done
echo "files $n, $d differ"
[ "$d" -eq 0 ]
