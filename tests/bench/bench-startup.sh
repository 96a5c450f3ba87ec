#!/bin/sh
# Start-up cost of one `precis summarize` of a plain-text article, against
# `cat` of the same file and `ots` (Debian package) in the same run:
# wall time per process (hyperfine, many runs, no shell in between; a
# plain loop when hyperfine is missing) and, where valgrind is installed,
# instructions executed (callgrind: exact, unlike time on a busy machine).
# Targets (issue 8): precis within 2x of cat, at least 5x faster than ots.
# Usage: tests/bench/bench-startup.sh [BUILD_DIR] [RUNS]   (needs ../shared)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${2:-300}
precis=$build/cli/precis
corpus=${PRECIS_SHARED:-$src/../shared}/corpus
# A typical bbc-dev article (2.5 KB, the median is 2.0 KB).
art=$corpus/bbc-dev/articles/business-001.txt
[ -f "$art" ] || { echo "no $art (needs ../shared)" >&2; exit 2; }
command -v ots >/dev/null || { echo "ots missing (scripts/deps.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "article: $art ($(wc -c <"$art") bytes); $runs runs each"
echo "shared libraries mapped by precis at start: $(ldd "$precis" |
	grep -c '=>')"
if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/h.json" \
		"cat $art" "$precis summarize $art" "ots $art" >/dev/null 2>&1
	python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
cat, pre, ots = (x["median"] * 1000 for x in r)
print("median wall per process: cat %.2f ms, precis summarize %.2f ms, "
      "ots %.2f ms" % (cat, pre, ots))
print("precis / cat: %.2fx (target <= 2)" % (pre / cat))
print("ots / precis: %.1fx (target >= 5)" % (ots / pre))
PY
else
	# One process after another, the loop's own cost shared by all three.
	loop() {
		t0=$(date +%s%N)
		i=0
		while [ $i -lt "$runs" ]; do "$@" "$art" >/dev/null; i=$((i + 1)); done
		echo $(( ($(date +%s%N) - t0) / runs ))
	}
	c=$(loop cat); p=$(loop "$precis" summarize); o=$(loop ots)
	awk -v c="$c" -v p="$p" -v o="$o" 'BEGIN {
		printf "mean wall per process: cat %.2f ms, precis summarize %.2f ms, ots %.2f ms\n", c / 1e6, p / 1e6, o / 1e6
		printf "precis / cat: %.2fx (target <= 2)\n", p / c
		printf "ots / precis: %.1fx (target >= 5)\n", o / p }'
fi
if command -v valgrind >/dev/null; then
	ir() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
			2>&1 >/dev/null | awk '/Collected/ { print $4 }'
	}
	c=$(ir cat "$art"); p=$(ir "$precis" summarize "$art")
	o=$(ir ots "$art")
	awk -v c="$c" -v p="$p" -v o="$o" 'BEGIN {
		printf "instructions: cat %.2f M, precis summarize %.2f M, ots %.2f M (precis/cat %.1fx, ots/precis %.1fx)\n", c / 1e6, p / 1e6, o / 1e6, p / c, o / p }'
fi
