#!/bin/sh
# summ-eval on a tiny corpus made here, so its plumbing is tested without
# the shared corpus: the lead algorithm's output equals one reference
# (ROUGE 100) and shares no word with the other (ROUGE 0), per set and
# pooled (mean 50); --out writes the summaries one sentence per line; a
# system against itself differs by exactly 0; bad arguments fail.
set -eu

: "${PRECIS_BUILD:?PRECIS_BUILD must name the build folder}"
summ_eval=$PRECIS_BUILD/tests/summ-eval
if [ ! -x "$summ_eval" ]; then
	echo "FAIL: $summ_eval not built"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() {
	# check WHAT GOT WANT
	if [ "$2" = "$3" ]; then
		echo "ok   $1: $2"
	else
		echo "FAIL $1: got '$2', want '$3'"
		fail=1
	fi
}
# Column of system $3 in block "== $2 ..." of report file $1: $4 is the
# field (4 = R-1, 5 = R-2, 6 = R-L, 7 = R-Lsum, 8 = failed).
field() {
	awk -v set="$2" -v sys="$3" -v col="$4" '
		$1 == "==" { on = ($2 == set) }
		on && $1 == sys { print $col; exit }' "$1"
}

mkdir -p "$tmp/harbour/articles" "$tmp/harbour/refs" \
	"$tmp/market/articles" "$tmp/market/refs"
printf '%s\n\n%s %s %s %s\n' "Storm closes the harbour" \
	"A storm closed the harbour on Monday." \
	"Ferries stayed in port all day." \
	"Fishermen said the waves were the highest in years." \
	"The coastguard warned people to stay away from the sea wall." \
	>"$tmp/harbour/articles/a.txt"
printf '%s\n%s\n' "A storm closed the harbour on Monday." \
	"Ferries stayed in port all day." >"$tmp/harbour/refs/a.txt"
printf '%s\n\n%s %s %s\n' "Shares fall" \
	"Shares fell sharply in early trading." \
	"Investors sold bank stocks." \
	"Analysts expect a recovery next week." >"$tmp/market/articles/b.txt"
printf '%s\n' "Quiet zoo welcomes two giraffe calves." >"$tmp/market/refs/b.txt"

"$summ_eval" "$tmp/harbour" "$tmp/market" --algorithm lead --sentences 2 \
	--out "$tmp/out" --bootstrap 0 >"$tmp/report.txt"
cat "$tmp/report.txt"
for col in 4 5 6 7; do
	check "harbour lead field $col" "$(field "$tmp/report.txt" harbour \
		lead $col)" 100.00
	check "market lead field $col" "$(field "$tmp/report.txt" market \
		lead $col)" 0.00
	check "pooled lead field $col" "$(field "$tmp/report.txt" pooled \
		lead $col)" 50.00
done
check "failed articles" "$(field "$tmp/report.txt" pooled lead 8)" 0
if cmp -s "$tmp/out/harbour/lead/a.txt" "$tmp/harbour/refs/a.txt"; then
	echo "ok   --out wrote the lead summary one sentence per line"
else
	echo "FAIL --out: $(cat "$tmp/out/harbour/lead/a.txt" 2>&1)"
	fail=1
fi

"$summ_eval" "$tmp/harbour" "$tmp/market" --algorithm lead \
	--baseline lead --bootstrap 50 >"$tmp/self.txt"
check "lead - lead difference" "$(awk '$1 == "difference" {
	print $2, $3, $4, $5 }' "$tmp/self.txt" | tail -n 1)" \
	"+0.00 +0.00 +0.00 +0.00"

if "$summ_eval" "$tmp/harbour" --algorithm no-such-algorithm \
	>/dev/null 2>"$tmp/err.txt"; then
	echo "FAIL an unknown algorithm was accepted"
	fail=1
else
	echo "ok   unknown algorithm refused: $(cat "$tmp/err.txt")"
fi
if "$summ_eval" "$tmp/no-such-dir" >/dev/null 2>&1; then
	echo "FAIL a missing corpus was accepted"
	fail=1
else
	echo "ok   missing corpus refused"
fi
exit "$fail"
