#!/bin/sh
# How sensitive the default summarizer's ROUGE is to each of its
# parameters: one row per setting, pooled CNN/DailyMail at 3 sentences and
# bbc-dev at 8.  Usage: tests/bench/summary-sensitivity.sh [BUILD_DIR]
# (needs ../shared/corpus beside the checkout).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
corpus=${PRECIS_SHARED:-$src/../shared}/corpus
eval=$build/tests/summ-eval
[ -x "$eval" ] || { echo "build $eval first" >&2; exit 2; }

row() {
	cnn=$("$eval" "$corpus/cnndm-dev" "$corpus/cnndmtest-dev" --sentences 3 \
		--bootstrap 0 --json "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["pooled"]["systems"]["default"]
print(" / ".join("%.2f" % p[m]["f1"] for m in ("rouge1", "rouge2", "rougeL")))')
	bbc=$("$eval" "$corpus/bbc-dev" --sentences 8 --bootstrap 0 --json "$@" |
		python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["pooled"]["systems"]["default"]
print(" / ".join("%.2f" % p[m]["f1"] for m in ("rouge1", "rouge2", "rougeL")))')
	echo "| ${label} | $cnn | $bbc |"
}

echo "| setting | CNN/DM pooled R-1 / R-2 / R-L | bbc-dev R-1 / R-2 / R-L |"
echo "|---|---|---|"
label="shipped defaults"; row
for p in lead=1 lead=2 backward=0.8 backward=0 min_words=5 min_words=12 \
	max_words=35 max_words=60 redundancy=0.5 redundancy=2 idf=1; do
	label=$p; row --param "$p"
done
