#!/bin/sh
# Summarizer speed against a peer in the same run: `precis summarize` and
# `ots` (the Open Text Summarizer, Debian package) one process per file
# over bbc-dev, both on one 1 MiB article made of the corpus (ots grows
# quadratically: 5 MiB took it 327 s), and precis on 5 MiB.
# Usage: tests/bench/bench-summarize.sh [BUILD_DIR]   (needs ../shared)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
precis=$build/cli/precis
corpus=${PRECIS_SHARED:-$src/../shared}/corpus
dir=$corpus/bbc-dev/articles
command -v ots >/dev/null || { echo "ots missing (scripts/deps.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
# per_file CMD...: seconds to run CMD FILE for every bbc-dev article.
per_file() {
	t0=$(now)
	for f in "$dir"/*.txt; do
		"$@" "$f" >/dev/null
	done
	awk -v a="$(now)" -v b="$t0" 'BEGIN { print a - b }' 
}

n=$(ls "$dir" | wc -l)
cat "$corpus"/cnndm-dev/articles/*.txt "$dir"/*.txt | head -c 5242880 >"$tmp/big.txt"
head -c 1048576 "$tmp/big.txt" >"$tmp/mid.txt"
echo "bbc-dev: $n files"
p=$(per_file "$precis" summarize --sentences 8)
o=$(per_file ots --ratio=42)
awk -v p="$p" -v o="$o" -v n="$n" 'BEGIN {
	printf "precis summarize, one process per file: %.2f s (%.2f ms/file)\n", p, p * 1000 / n
	printf "ots --ratio=42, one process per file:   %.2f s (%.2f ms/file)\n", o, o * 1000 / n
	printf "ratio ots/precis: %.1fx\n", o / p }'
t0=$(now); "$precis" summarize "$tmp/mid.txt" >/dev/null; t1=$(now)
ots --ratio=1 "$tmp/mid.txt" >/dev/null; t2=$(now)
"$precis" summarize "$tmp/big.txt" >/dev/null; t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
	printf "1 MiB article: precis %.2f s, ots %.2f s (ratio %.0fx)\n", b - a, c - b, (c - b) / (b - a)
	printf "5 MiB article: precis %.2f s\n", d - c }' 
