#!/bin/sh
# Shell completion (completions/): the bash completion function, fish's
# `complete -C` and the zsh function (with the completion system's
# builtins stood in for; then twice in zsh's real completion system on a
# terminal) complete commands, options, option values and the IDs and hash
# prefixes of a real store's articles for show and forget.
# Also: the values written into the completions are the ones --help names.
set -eu
: "${PRECIS_SRC:?}" "${PRECIS_BIN:?}" "${PRECISD_BIN:?}"
fail() { echo "FAIL: $*"; exit 1; }
comp=$PRECIS_SRC/completions
here=$(cd "$(dirname "$0")" && pwd)
[ -f /usr/share/bash-completion/bash_completion ] ||
	fail "bash-completion is not installed (scripts/deps.sh installs it)"
command -v fish >/dev/null 2>&1 || fail "fish is not installed (scripts/deps.sh)"
command -v zsh >/dev/null 2>&1 || fail "zsh is not installed (scripts/deps.sh)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/bin"
ln -s "$PRECIS_BIN" "$tmp/bin/precis"
ln -s "$PRECISD_BIN" "$tmp/bin/precisd"
PATH=$tmp/bin:$PATH
export PATH

db=$tmp/store.db
precis --db "$db" import "$PRECIS_SRC/tests/data/cli/harbour.txt" \
	"$PRECIS_SRC/tests/data/md/article.md" >/dev/null || fail "import"
h1=$(precis --db "$db" show --json 1 | sed -n 's/^  "hash": "\([0-9a-f]\{12\}\).*/\1/p')
h2=$(precis --db "$db" show --json 2 | sed -n 's/^  "hash": "\([0-9a-f]\{12\}\).*/\1/p')
[ -n "$h1" ] && [ -n "$h2" ] || fail "no hashes in the test store"

# run SHELL LINE: the candidates, sorted, on one line.
run() {
	case $1 in
	bash) bash "$here/complete-bash.bash" "$comp/precis.bash" "$2" ;;
	fish) fish --no-config -c "source '$comp/precis.fish'; complete -C '$2'" | cut -f1 ;;
	zsh) zsh -f "$here/complete-zsh.zsh" "$comp/_precis" "$2" ;;
	esac 2>"$tmp/err" | sed 's/^--color=//; s|/$||' | sort -u | tr '\n' ' ' | sed 's/ $//'
	if [ -s "$tmp/err" ]; then
		cat "$tmp/err"
		fail "$1 printed errors completing '$2'"
	fi
}
# expect SHELL LINE WANT: the candidates are exactly WANT (sorted).
n=0
expect() {
	got=$(run "$1" "$2")
	want=$(echo "$3" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "$1: '$2' completes to '$got', expected '$want'"
	n=$((n + 1))
}
# has SHELL LINE WORD...: the candidates include every WORD.
has() {
	sh=$1 line=$2
	shift 2
	got=" $(run "$sh" "$line") "
	for w in "$@"; do
		case $got in *" $w "*) ;; *) fail "$sh: '$line' completes to '$got', lacking '$w'" ;; esac
	done
	n=$((n + 1))
}

for sh in bash fish zsh; do
	expect $sh "precis s" "search show stats status summarize"
	has $sh "precis " list show search import forget
	has $sh "precis list --s" --since --sort
	has $sh "precis --n" --no-pager
	expect $sh "precis export --format " "csv jsonl"
	expect $sh "precis summarize --algorithm " "default lead textrank"
	expect $sh "precis search --color " "always auto never"
	expect $sh "precis --color=" "always auto never"
	expect $sh "precis list --sort " "time title"
	expect $sh "precis summarize --lang fr" "french"
	expect $sh "precis --db $db show " "1 2 $h1 $h2"
	expect $sh "precis forget --db $db $(echo "$h2" | cut -c1-3)" "$h2"
	expect $sh "precisd --c" "--check-config --config"
	expect $sh "precis digest --format " "atom html markdown text"
	expect $sh "precis digest --output $tmp/bi" "$tmp/bin"
	expect $sh "precis migrate --to $tmp/bi" "$tmp/bin"
done
echo "ok: bash, fish and zsh: $n command lines complete as expected"

# The zsh file in zsh's real completion system (compinit, a terminal): the
# candidates it lists with their descriptions ("name -- help").
zsh_listed() {
	timeout 30 zsh -f "$here/complete-zsh-pty.zsh" "$comp" "$1" |
		sed -n 's/^\(.*[^ ]\)  *-- .*$/\1/p' | tr -s ' ' '\n' | sort -u |
		tr '\n' ' ' | sed 's/ $//'
}
got=$(zsh_listed "precis s")
[ "$got" = "search show stats status summarize" ] ||
	fail "real zsh: 'precis s' lists '$got'"
want=$(printf '%s\n' 1 2 "$h1" "$h2" | sort | tr '\n' ' ' | sed 's/ $//')
got=$(zsh_listed "precis --db $db show ")
[ "$got" = "$want" ] || fail "real zsh: 'precis --db DB show ' lists '$got', expected '$want'"
echo "ok: zsh's own completion system lists commands and articles from _precis"

# The values the completions list are the ones the programs name.
help=$(precis summarize --help)
for a in default textrank lead; do
	echo "$help" | grep -q -- "--algorithm.*$a" ||
		fail "--algorithm $a is completed but 'precis summarize --help' does not name it"
done
help=$(precis --help)
for c in auto always never; do
	echo "$help" | grep -A2 -- '--color' | grep -q "$c" ||
		fail "--color $c is completed but 'precis --help' does not name it"
done
echo "ok: the completed --algorithm and --color values are the ones --help names"
