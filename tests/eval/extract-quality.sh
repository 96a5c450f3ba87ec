#!/bin/sh
# Quality gate for HTML main-content extraction: macro F1 on
# $PRECIS_SHARED/corpus/html-dev must reach 0.90, and extract-eval's F1 must
# agree with ../shared/tools/extract_score.py on the same outputs within
# 0.005 (the second check needs python3).  Exit 77 (skipped) only when the
# corpus is absent.
set -eu

corpus="${PRECIS_SHARED:-}/corpus/html-dev"
scorer="${PRECIS_SHARED:-}/tools/extract_score.py"
eval_bin="${PRECIS_BUILD:?PRECIS_BUILD not set}/tests/extract-eval"
min_f1=0.90

if [ -z "${PRECIS_SHARED:-}" ] || [ ! -d "$corpus" ]; then
	echo "SKIP: no HTML corpus at '$corpus' (set PRECIS_SHARED)"
	exit 77
fi
if [ ! -x "$eval_bin" ]; then
	echo "FAIL: '$eval_bin' not built"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$eval_bin" "$corpus" --out "$tmp/out" --by-source >"$tmp/eval.txt"
cat "$tmp/eval.txt"

ours=$(sed -n 's/^all .* F1=\([0-9.]*\) .*/\1/p' "$tmp/eval.txt")
if [ -z "$ours" ]; then
	echo "FAIL: no macro F1 in extract-eval's output"
	exit 1
fi
if ! awk -v f="$ours" -v m="$min_f1" 'BEGIN { exit !(f >= m) }'; then
	echo "FAIL: macro F1 $ours < $min_f1"
	exit 1
fi
echo "ok: macro F1 $ours >= $min_f1"

if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$scorer" ]; then
	echo "note: python3 or extract_score.py missing; agreement not checked"
	exit 0
fi
python3 "$scorer" "$tmp/out" "$corpus" --json "$tmp/ref.json" >/dev/null
theirs=$(python3 -c 'import json, sys
print("%.6f" % json.load(open(sys.argv[1]))["all"]["f1"])' "$tmp/ref.json")
echo "extract_score.py macro F1 $theirs"
if ! awk -v a="$ours" -v b="$theirs" \
	'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.005) }'; then
	echo "FAIL: extract-eval F1 $ours and extract_score.py F1 $theirs" \
		"differ by more than 0.005"
	exit 1
fi
echo "ok: extract-eval agrees with extract_score.py"
