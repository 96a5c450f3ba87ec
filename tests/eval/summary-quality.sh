#!/bin/sh
# The summary quality gates of issue 2, with the one default configuration:
#
# * CNN/DailyMail, cnndm-dev + cnndmtest-dev pooled (819 articles),
#   3 sentences: ROUGE-1, -2 and -L F1 each at least the lead algorithm's
#   on the same articles in the same run, and at least Lead-3's figures in
#   ../shared/corpus/BASELINES.md (30.97 / 12.12 / 20.32);
# * bbc-dev, 8 sentences: at least 74.0 / 67.4 / 69.4.
#
# Prints every set's figures and the paired bootstrap interval of each
# difference from lead.  Skips (77) only when the shared corpus is absent.
set -eu

: "${PRECIS_SHARED:?PRECIS_SHARED must name the shared folder}"
: "${PRECIS_BUILD:?PRECIS_BUILD must name the build folder}"
corpus=$PRECIS_SHARED/corpus
summ_eval=$PRECIS_BUILD/tests/summ-eval
py=/usr/bin/python3
[ -x "$py" ] || py=python3

for set_name in cnndm-dev cnndmtest-dev bbc-dev; do
	if [ ! -d "$corpus/$set_name/articles" ]; then
		echo "SKIP: $corpus/$set_name not found"
		exit 77
	fi
done
if [ ! -x "$summ_eval" ]; then
	echo "FAIL: $summ_eval not built"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$summ_eval" "$corpus/cnndm-dev" "$corpus/cnndmtest-dev" --sentences 3 \
	--baseline lead | tee "$tmp/cnndm.txt"
"$summ_eval" "$corpus/cnndm-dev" "$corpus/cnndmtest-dev" --sentences 3 \
	--baseline lead --bootstrap 0 --json >"$tmp/cnndm.json"
"$summ_eval" "$corpus/bbc-dev" --sentences 8 | tee "$tmp/bbc.txt"
"$summ_eval" "$corpus/bbc-dev" --sentences 8 --bootstrap 0 --json \
	>"$tmp/bbc.json"

"$py" - "$tmp/cnndm.json" "$tmp/bbc.json" <<'EOF'
import json, sys
cnndm = json.load(open(sys.argv[1]))
bbc = json.load(open(sys.argv[2]))
metrics = (("rouge1", "R-1"), ("rouge2", "R-2"), ("rougeL", "R-L"))
fails = 0

def gate(what, got, floor):
    global fails
    ok = got >= floor
    fails += not ok
    print("%-4s %-52s %6.2f >= %6.2f" % ("ok" if ok else "FAIL", what, got,
                                         floor))

pooled = cnndm["pooled"]
assert pooled["count"] == sum(s["count"] for s in cnndm["sets"])
lead3_baselines = {"rouge1": 30.97, "rouge2": 12.12, "rougeL": 20.32}
print()
for key, label in metrics:
    got = pooled["systems"]["default"][key]["f1"]
    gate("CNN/DM pooled (n=%d) %s vs lead, same run" % (pooled["count"],
                                                        label),
         got, pooled["systems"]["lead"][key]["f1"])
    gate("CNN/DM pooled (n=%d) %s vs BASELINES.md Lead-3"
         % (pooled["count"], label), got, lead3_baselines[key])
bbc_floor = {"rouge1": 74.0, "rouge2": 67.4, "rougeL": 69.4}
b = bbc["sets"][0]
for key, label in metrics:
    gate("bbc-dev (n=%d) 8 sentences %s" % (b["count"], label),
         b["systems"]["default"][key]["f1"], bbc_floor[key])
for name, run in (("cnndm", cnndm), ("bbc", bbc)):
    for s in run["sets"]:
        for system, agg in s["systems"].items():
            if agg["failed"]:
                fails += 1
                print("FAIL %s %s: %d articles could not be summarized"
                      % (s["name"], system, agg["failed"]))
sys.exit(1 if fails else 0)
EOF
