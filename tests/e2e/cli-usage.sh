# Usage that helps (issue 9 items 4 and 5): help on every command, one
# line and a "did you mean" for a mistyped command or option, a reason for
# every usage error, several files for summarize, --since/--until words,
# forget all or nothing with --dry-run.
. "$(dirname "$0")/cli-helpers.inc"

# ---- help on every command, -h and --help ----
run "$PRECIS_BIN" --help
cmds=$(echo "$OUT" | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ "$(echo "$cmds" | wc -l)" -ge 12 ] || fail "commands in --help: $cmds"
for c in $cmds; do
	for h in -h --help; do
		run "$PRECIS_BIN" "$c" "$h"
		expect_rc 0 "precis $c $h"
		contains "$OUT" "usage: precis $c" "precis $c $h prints its usage"
		[ -z "$ERR" ] || fail "precis $c $h writes to stderr: $ERR"
	done
done
echo "ok: -h and --help on: $(echo $cmds)"

# ---- unknown command: one line, did you mean ----
for pair in lst:list serach:search sumarize:summarize forgt:forget \
	statu:status; do
	run "$PRECIS_BIN" "${pair%%:*}"
	expect_rc 2 "unknown command ${pair%%:*}"
	[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "not one line: $ERR"
	contains "$ERR" "did you mean '${pair#*:}'?" "suggestion for ${pair%%:*}"
	[ -z "$OUT" ] || fail "unknown command prints to stdout"
done
run "$PRECIS_BIN" xyzzy
expect_rc 2 "unknown command xyzzy"
[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "not one line: $ERR"
lacks "$ERR" "did you mean" "no suggestion for xyzzy"

# ---- bad options: one line saying what is wrong ----
check_err() { # WANT-TEXT ARGS...: exit 2, one line on stderr with WANT
	want=$1
	shift
	run "$PRECIS_BIN" --db "$DB" "$@"
	expect_rc 2 "precis $*"
	[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "precis $*: not one line: $ERR"
	contains "$ERR" "$want" "precis $*"
}
check_err "unknown option '--sinse'; did you mean '--since'?" list --sinse 2d
check_err "unknown option '--josn'; did you mean '--json'?" stats --josn
check_err "unknown option '--limt'; did you mean '--limit'?" search --limt 3 x
check_err "--since needs a value" list --since
check_err "--json takes no value" list --json=yes
check_err "'--s' is ambiguous" list --s 2
check_err "unknown option '-x'" show -x 1
check_err "unknown option '--frobnicate' (see precis export --help)" \
	export --frobnicate
# The algorithm and language are blamed, not the file.
printf 'One sentence here. Another one there.\n' >"$T/a.txt"
check_err "--algorithm: unknown algorithm 'foo'" summarize --algorithm foo "$T/a.txt"
lacks "$ERR" "a.txt" "--algorithm foo blames the file"
check_err "did you mean 'textrank'?" summarize --algorithm textrnk "$T/a.txt"
check_err "--lang: unknown language 'klingon'" summarize --lang klingon "$T/a.txt"
lacks "$ERR" "a.txt" "--lang klingon blames the file"
# Numbers out of range (cli_number_option()): the range, and the value.
check_err "precis: --limit needs a number >= 1, not '0'" list --limit 0
check_err "precis digest: --limit needs a number >= 1, not 'x'" digest --limit x
check_err "--limit needs a number from 1 to 100000, not '0'" search --limit 0 x
check_err "--keywords needs a number from 0 to 100, not '101'" \
	summarize --keywords 101 "$T/a.txt"

# Missing or extra operands: the reason, then the synopsis.
reason() { # WANT ARGS...
	want=$1
	shift
	run "$PRECIS_BIN" --db "$DB" "$@"
	expect_rc 2 "precis $*"
	contains "$ERR" "$want" "precis $*"
	contains "$ERR" "usage: precis $1" "precis $*: synopsis"
	[ "$(echo "$ERR" | wc -l)" -le 3 ] || fail "precis $*: whole help: $ERR"
}
reason "which file?" summarize
reason "which article?" show
reason "one article at a time ('2' is one too many)" show 1 2
reason "what to search for?" search
reason "what to import?" import
reason "which articles?" forget
reason "unexpected argument 'extra'" stats extra
reason "unexpected argument 'x' (list takes options only)" list x
reason "unexpected argument 'x' (export takes options only)" export x
reason "unexpected argument 'x' (digest takes options only)" digest x
reason "unexpected argument 'x' (config takes options only)" config x
echo "ok: usage errors"

# ---- summarize several files ----
printf 'Second file first sentence. Second file closing words.\n' >"$T/b.txt"
run "$PRECIS_BIN" summarize "$T/a.txt" "$T/b.txt"
expect_rc 0 "summarize two files"
[ "$(echo "$OUT" | grep -c '^==> .* <==$')" -eq 2 ] || fail "headers: $OUT"
contains "$OUT" "==> $T/a.txt <==
One sentence here." "first header then its summary"
contains "$OUT" "==> $T/b.txt <==
Second file first sentence." "second header then its summary"
run "$PRECIS_BIN" summarize "$T/a.txt"
lacks "$OUT" "==>" "one file: no header"
run "$PRECIS_BIN" summarize --json "$T/a.txt" "$T/missing.txt" "$T/b.txt"
expect_rc 2 "a missing file among several"
contains "$ERR" "missing.txt" "the missing file is named"
[ "$(printf "%s\n" "$OUT" | wc -l)" -eq 2 ] || fail "not two JSON lines: $OUT"
printf "%s\n" "$OUT" | python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
objs = [json.loads(l) for l in lines]
assert [o["paths"][0].rsplit("/", 1)[1] for o in objs] == ["a.txt", "b.txt"], objs
assert all(o["summary"] and o["summary"][0]["text"] for o in objs)
' || fail "summarize --json lines: $OUT"
echo "ok: summarize several files"

# ---- --since / --until ----
mkdir "$T/in"
cp "$DATA"/*.* "$T/a.txt" "$T/b.txt" "$T/in/"
run P import "$T/in"
expect_rc 0 "import"
n=$(P list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
day=$(date +%F)
count() { P list "$@" --json 2>/dev/null |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' ||
	echo 0; }
for w in today 2h 3d 1w "$(date -d yesterday +%F)" "${day}T00:00"; do
	[ "$(count --since "$w")" -eq "$n" ] || fail "list --since $w"
done
[ "$(date +%F)" = "$day" ] || { echo "midnight passed; skipping the rest"; exit 0; }
for w in today yesterday 1h "$day"; do
	run P list --until "$w"
	expect_rc 1 "list --until $w finds nothing stored now"
done
run P list --since yesterday --until today
expect_rc 1 "yesterday's window is empty"
run P list --since today --until tomorrow
expect_rc 0 "today's window"
run P export --since today
expect_rc 0 "export --since today"
[ "$(printf "%s\n" "$OUT" | wc -l)" -eq "$n" ] || fail "export --since today: $n wanted: $OUT"
run P export --until yesterday
expect_rc 1 "export --until yesterday"
run P list --since 2h --until 3d
expect_rc 2 "an empty window is a usage error"
contains "$ERR" "--since must come before --until" "empty window named"
run P list --since yesterday-ish
expect_rc 2 "bad --since"
contains "$ERR" "--since: cannot read 'yesterday-ish'" "bad --since named"
echo "ok: --since and --until"

# ---- forget: all or nothing, --dry-run ----
ids=$(P list --json | python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)[:2]))')
set -- $ids
run P forget "$1" 99999
expect_rc 1 "forget with one unknown reference"
contains "$ERR" "nothing forgotten" "says nothing was deleted"
[ "$(count)" -eq "$n" ] || fail "forget deleted something before failing"
run P forget --dry-run "$1" "$2"
expect_rc 0 "forget --dry-run"
[ "$(echo "$OUT" | grep -c '^would forget ')" -eq 2 ] || fail "dry run: $OUT"
[ "$(count)" -eq "$n" ] || fail "forget --dry-run deleted something"
run P forget -n "$1" 99999
expect_rc 1 "dry run with an unknown reference"
run P forget "$1" "$2" "$1"
expect_rc 0 "forget two (one named twice)"
[ "$(echo "$OUT" | grep -c '^forgot ')" -eq 2 ] || fail "forget output: $OUT"
[ "$(count)" -eq $((n - 2)) ] || fail "forget did not delete two"
echo "ok: forget"
