#!/bin/sh
# precis at a terminal: each command runs under a pseudo-terminal (as a
# person would run it) and piped (as a script would).  On the terminal,
# search matches are real bold attributes, whole phrases at once, never
# escape sequences printed as text; piped they are [brackets]; with
# --color=never or NO_COLOR nothing marks them.
. "$(dirname "$0")/cli-helpers.inc"

run P import "$DATA"
expect_rc 0 "import"

# tty ARGS...: precis on the test's store under a pty of 70 columns,
# with the environment given as NAME=VALUE before "--"; the output
# (bytes as the terminal got them) goes to $T/tty.
tty() {
	python3 - "$T/tty" "$PRECIS_BIN" "$T/s.db" "$@" <<'PY'
import fcntl, os, pty, struct, sys, termios
out, prog, db = sys.argv[1:4]
args = sys.argv[4:]
env = dict(os.environ, TERM="xterm", COLUMNS="70")
env.pop("NO_COLOR", None)
while args and args[0] != "--":
    k, v = args.pop(0).split("=", 1)
    env[k] = v
args.pop(0)
pid, fd = pty.fork()
if pid == 0:
    os.execve(prog, [prog, "--db", db] + args, env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 70, 0, 0))
buf = b""
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    buf += b
_, st = os.waitpid(pid, 0)
open(out, "wb").write(buf.replace(b"\r\n", b"\n"))
sys.exit(os.waitstatus_to_exitcode(st))
PY
}

ESC=$(printf '\033')
tty PAGER=cat -- search zebra || fail "search on a terminal"
OUT=$(cat "$T/tty")
contains "$OUT" "${ESC}[1mzebras${ESC}[22m" "bold match on a terminal"
lacks "$OUT" '\x1b' "no escape sequence printed as text"
lacks "$OUT" "[zebras]" "no brackets on a terminal"
tty PAGER=cat -- search '"dry savanna"' || fail "phrase on a terminal"
contains "$(cat "$T/tty")" "${ESC}[1mdry savanna${ESC}[22m" \
	"a phrase is highlighted whole"
# A title match is highlighted in the title; the snippet is the body's.
tty PAGER=cat -- search zebra || fail "search on a terminal"
contains "$(cat "$T/tty")" "${ESC}[1mZebras${ESC}[22m cross the savanna" \
	"title highlighted"
tty PAGER=cat NO_COLOR=1 -- search zebra || fail "NO_COLOR"
OUT=$(cat "$T/tty")
lacks "$OUT" "$ESC" "NO_COLOR: no attributes"
lacks "$OUT" "[zebras]" "NO_COLOR: no brackets"
contains "$OUT" "zebras" "NO_COLOR: the snippet is there"
tty PAGER=cat -- --color=never search zebra || fail "--color=never"
lacks "$(cat "$T/tty")" "$ESC" "--color=never: no attributes"

run P search zebra
expect_rc 0 "search piped"
contains "$OUT" "[zebras]" "brackets when piped"
lacks "$OUT" "$ESC" "no attributes when piped"
run P search --color=always zebra
contains "$OUT" "${ESC}[1mzebras${ESC}[22m" "--color=always when piped"
run P search --color=never zebra
lacks "$OUT" "[zebras]" "--color=never when piped"
run P search --color=sometimes zebra
expect_rc 2 "bad --color"

# A hostile title cannot drive the terminal (the extractor drops its
# control bytes, the CLI would escape them); the highlighting stays real.
printf 'Zebra \033[2J alarm\n\nThe zebra alarm rang at the gate twice.\n' \
	>"$T/esc.txt"
run P import "$T/esc.txt"
tty PAGER=cat -- search alarm || fail "search hostile title"
OUT=$(cat "$T/tty")
lacks "$OUT" "${ESC}[2J" "no raw escape from the text"
contains "$OUT" "${ESC}[1malarm${ESC}[22m" "real bold beside it"

# The pager: on a terminal only, never when piped, not with --no-pager.
cat >"$T/pager" <<PAGER
#!/bin/sh
touch "$T/paged"
cat
PAGER
chmod +x "$T/pager"
tty PAGER="$T/pager" -- search zebra || fail "search with a pager"
[ -e "$T/paged" ] || fail "no pager on a terminal"
contains "$(cat "$T/tty")" "${ESC}[1mzebras" "bold through the pager"
rm -f "$T/paged"
tty PAGER="$T/pager" -- --no-pager search zebra || fail "--no-pager"
[ -e "$T/paged" ] && fail "--no-pager still paged"
PAGER="$T/pager" "$PRECIS_BIN" --db "$T/s.db" search zebra >"$T/out" ||
	fail "search piped with PAGER"
[ -e "$T/paged" ] && fail "paged although piped"
for cmd in list "show 1" failures; do
	rm -f "$T/paged"
	# shellcheck disable=SC2086
	tty PAGER="$T/pager" -- $cmd
	[ -e "$T/paged" ] || fail "$cmd: no pager on a terminal"
	rm -f "$T/paged"
	# shellcheck disable=SC2086
	PAGER="$T/pager" "$PRECIS_BIN" --db "$T/s.db" $cmd >"$T/out"
	[ -e "$T/paged" ] && fail "$cmd: paged although piped"
done

# ---- output for people ----
# list: a header row, local times, titles cut to the terminal's width
# (70 columns here); piped, nothing is cut.
LONG="A very long title about the harbour, the storm and the breakwater that goes on well past seventy columns of any terminal"
printf '# %s\n\nThe harbour wall held. The storm passed in the night and the breakwater stood.\n' \
	"$LONG" >"$T/long.md"
run P import "$T/long.md"
tty PAGER=cat -- list || fail "list on a terminal"
python3 - "$T/tty" <<'PY' || fail "list on a terminal: $(cat "$T/tty")"
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines[0].split() == ["ID", "STORED", "TITLE"], lines[0]
assert len(lines) == 7, lines
for l in lines:
    assert len(l) <= 70, (len(l), l)
assert any(l.endswith("…") for l in lines), lines
PY
run P list
contains "$OUT" "$LONG" "piped list keeps the whole title"
# search cuts a long title to the terminal too, closing a highlight the
# cut falls inside.
tty PAGER=cat -- search seventy terminal || fail "search long title"
python3 - "$T/tty" <<'PY' || fail "search title not fitted: $(cat "$T/tty")"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
plain = re.sub("\x1b\\[[0-9;]*m", "", text)
lines = plain.splitlines()
assert lines and all(len(l) <= 70 for l in lines), lines
assert lines[0].endswith("…"), lines[0]
assert text.count("\x1b[1m") == text.count("\x1b[22m"), text
PY

# show --full: paragraphs wrapped to the terminal (the body had lines of
# 1,300 characters); piped, the text is left as stored.
tty PAGER=cat -- show --full "$(P list --json | python3 -c '
import json, sys
print([a["id"] for a in json.load(sys.stdin) if a["title"].startswith("Harbour")][0])')" ||
	fail "show --full on a terminal"
python3 - "$T/tty" <<'PY' || fail "show --full is not wrapped: $(cat "$T/tty")"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) > 15, lines
long = [l for l in lines if len(l) > 70 and not l.startswith(("path ", "id "))]
assert not long, long
PY

# stats: sizes for people; status: "1 duplicate".
run P stats
expect_rc 0 "stats"
printf '%s\n' "$OUT" | grep -Eq '^size +[0-9.]+ kB$' || fail "stats size: $OUT"
printf '%s\n' "$OUT" | grep -Eq '^store size +[0-9.]+ (kB|MB) \(schema' ||
	fail "stats store size: $OUT"
for n in 1 2; do
	printf '{"state":"stopped","pid":1,"stored":3,"duplicates":%d,"failed":0,"skipped":0,"updated_at":1764400000000}\n' \
		$n >"$T/s.db.status"
	run P status
	expect_rc 4 "status of a stopped daemon"
	if [ $n -eq 1 ]; then
		contains "$OUT" "3 stored, 1 duplicate, 0 failed" "singular"
	else
		contains "$OUT" "3 stored, 2 duplicates, 0 failed" "plural"
	fi
done

# list --follow: new articles appear as they are stored; SIGINT ends it
# with exit 0, and so does a reader that goes away.
"$PRECIS_BIN" --db "$T/s.db" list --follow --json >"$T/follow" 2>"$T/follow.err" &
fpid=$!
deadline=$(($(date +%s) + 30))
until [ "$(wc -l <"$T/follow")" -ge 5 ]; do
	[ "$(date +%s)" -lt $deadline ] || fail "follow: no initial articles"
	sleep 0.1
done
printf 'Otters return to the river\n\nOtters were seen in the river again after twenty years, wardens said.\n' \
	>"$T/otters.txt"
run P import "$T/otters.txt"
expect_rc 0 "import while following"
until grep -q "Otters return" "$T/follow"; do
	[ "$(date +%s)" -lt $deadline ] || fail "follow: new article not shown"
	sleep 0.1
done
kill -INT $fpid
wait $fpid
rc=$?
[ $rc -eq 0 ] || fail "follow after SIGINT: exit $rc: $(cat "$T/follow.err")"
python3 -c "
import json, sys
arts = [json.loads(l) for l in open(sys.argv[1])]
t = [a['title'] for a in arts]
assert t[-1] == 'Otters return to the river', t
assert len(set(a['id'] for a in arts)) == len(arts), 'an article twice'
assert all(a['summary'] and a['stored_at'].endswith('Z') for a in arts)
" "$T/follow" || fail "follow output: $(cat "$T/follow")"
( "$PRECIS_BIN" --db "$T/s.db" list --follow; echo $? >"$T/follow.rc" ) |
	head -n 1 >/dev/null
until [ -s "$T/follow.rc" ]; do
	[ "$(date +%s)" -lt $deadline ] || fail "follow: reader gone, still running"
	sleep 0.1
done
[ "$(cat "$T/follow.rc")" -eq 0 ] || fail "follow | head: exit $(cat "$T/follow.rc")"
exit 0
