#!/bin/sh
# How sensitive summary hygiene and ROUGE are to the summary's use of
# paragraph roles and to each bound of the sentence validity guard: one
# row per setting (one change from the shipped defaults), with html-dev's
# bad sentences at 3 sentences (tests/eval/summary-hygiene), pooled
# CNN/DailyMail at 3 and bbc-dev at 8 (tests/eval/summ-eval).
# Usage: tests/bench/hygiene-sensitivity.sh [BUILD_DIR]
# (needs ../shared/corpus beside the checkout).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
corpus=${PRECIS_SHARED:-$src/../shared}/corpus
eval=$build/tests/summ-eval
hyg=$build/tests/summary-hygiene
for b in "$eval" "$hyg"; do
	[ -x "$b" ] || { echo "build $b first" >&2; exit 2; }
done

rouge() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["pooled"]["systems"]["default"]
print(" / ".join("%.2f" % p[m]["f1"] for m in ("rouge1", "rouge2", "rougeL")))'
}

row() {
	h=$("$hyg" "$corpus/html-dev" "$@" | tail -n 1 |
		sed 's/.* \([0-9]*\) bad (\([0-9.]*%\)).*/\1 (\2)/')
	cnn=$("$eval" "$corpus/cnndm-dev" "$corpus/cnndmtest-dev" --sentences 3 \
		--bootstrap 0 --json "$@" | rouge)
	bbc=$("$eval" "$corpus/bbc-dev" --sentences 8 --bootstrap 0 --json \
		"$@" | rouge)
	echo "| ${label} | $h | $cnn | $bbc |"
}

echo "| setting | html-dev bad | CNN/DM pooled R-1 / R-2 / R-L | bbc-dev R-1 / R-2 / R-L |"
echo "|---|---|---|---|"
label="shipped defaults"; row
label="roles=0 guard=0"; row --param roles=0 --param guard=0
for p in roles=0 guard=0 guard_chars=15 guard_chars=35 guard_words=4 \
	guard_words=6 guard_bare_words=6 guard_bare_words=12 guard_title=0.5 \
	guard_title=0.9 guard_numeric_bare=0.3 guard_numeric_bare=0.6 \
	guard_numeric=0.5 guard_numeric=0.9; do
	label=$p; row --param "$p"
done
