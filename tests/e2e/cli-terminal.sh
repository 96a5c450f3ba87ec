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
exit 0
