#!/bin/sh
# summ-eval's own ROUGE must agree with the independent scorer
# ../shared/tools/rouge.py --stem within 0.1 (F1 x100) on the same outputs:
# summ-eval writes its summaries with --out, rouge.py scores those files,
# and every ROUGE-1/2/L/Lsum figure of both systems (default and lead) on
# cnndm-dev, cnndmtest-dev (3 sentences) and bbc-dev (8 sentences) is
# compared.
#
# Skips (77) only when the shared corpus is absent or python3 lacks NLTK.
set -eu

: "${PRECIS_SHARED:?PRECIS_SHARED must name the shared folder}"
: "${PRECIS_BUILD:?PRECIS_BUILD must name the build folder}"
corpus=$PRECIS_SHARED/corpus
rouge_py=$PRECIS_SHARED/tools/rouge.py
summ_eval=$PRECIS_BUILD/tests/summ-eval
# rouge.py's shebang is /usr/bin/python3; another python3 may come first
# in PATH (pyenv, venvs) without NLTK, so name the interpreter.
py=/usr/bin/python3
tolerance=0.1

for set_name in cnndm-dev cnndmtest-dev bbc-dev; do
	if [ ! -d "$corpus/$set_name/refs" ] || [ ! -f "$rouge_py" ]; then
		echo "SKIP: $corpus/$set_name or rouge.py not found"
		exit 77
	fi
done
if [ ! -x "$py" ] || ! "$py" -c 'import nltk.stem.porter' 2>/dev/null; then
	echo "SKIP: $py with NLTK is needed for rouge.py --stem" \
		"(Debian: python3-nltk)"
	exit 77
fi
if [ ! -x "$summ_eval" ]; then
	echo "FAIL: $summ_eval not built"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0
for spec in cnndm-dev:3 cnndmtest-dev:3 bbc-dev:8; do
	set_name=${spec%%:*}
	n=${spec#*:}
	"$summ_eval" "$corpus/$set_name" --sentences "$n" --baseline lead \
		--bootstrap 0 --out "$tmp/out" --json >"$tmp/$set_name.json"
	for system in default lead; do
		"$py" "$rouge_py" --refs "$corpus/$set_name/refs" \
			--hyps "$tmp/out/$set_name/$system" --stem --json \
			>"$tmp/$set_name.$system.py.json"
		"$py" - "$tmp/$set_name.json" "$tmp/$set_name.$system.py.json" \
			"$set_name" "$system" "$tolerance" <<'EOF' || status=1
import json, sys
ours_path, theirs_path, set_name, system, tol = sys.argv[1:]
ours = json.load(open(ours_path))["sets"][0]
theirs = json.load(open(theirs_path))
tol = float(tol)
bad = 0
if ours["count"] != theirs["count"]:
    print("FAIL %s %s: %d documents here, %d in rouge.py"
          % (set_name, system, ours["count"], theirs["count"]))
    sys.exit(1)
for m in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
    a = ours["systems"][system][m]["f1"]
    b = theirs[m]["f1"]
    ok = abs(a - b) <= tol
    bad += not ok
    print("%-4s %-13s %-7s %-9s summ-eval %8.4f  rouge.py %8.4f  diff %+.4f"
          % ("ok" if ok else "FAIL", set_name, system, m, a, b, a - b))
sys.exit(1 if bad else 0)
EOF
	done
done
if [ "$status" -ne 0 ]; then
	echo "FAIL: summ-eval and rouge.py --stem differ by more than $tolerance"
fi
exit "$status"
