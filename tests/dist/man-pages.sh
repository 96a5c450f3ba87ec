#!/bin/sh
# The manual pages: the built precis(1), precisd(8) and precis.conf(5) are
# `mandoc -T lint` clean (not even a style message), and they document
# every command, option and configuration key (man-coverage.py).
set -eu
: "${PRECIS_SRC:?}" "${PRECIS_BUILD:?}" "${PRECIS_BIN:?}" "${PRECISD_BIN:?}"
command -v mandoc >/dev/null 2>&1 || { echo "FAIL: no mandoc (scripts/deps.sh installs it)"; exit 1; }
rc=0
for page in precis.1 precisd.8 precis.conf.5; do
	f=$PRECIS_BUILD/man/$page
	[ -s "$f" ] || { echo "FAIL: $f was not built"; exit 1; }
	out=$(mandoc -T lint "$f" 2>&1) || true
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		echo "FAIL: mandoc -T lint $page"
		rc=1
	fi
	mandoc -T ascii "$f" | sed 's/.\x08//g' | grep -q '^SEE ALSO' ||
		{ echo "FAIL: $page does not render"; rc=1; }
done
[ "$rc" -eq 0 ] && echo "ok: mandoc -T lint is silent on the three pages"
python3 "$(dirname "$0")/man-coverage.py" "$PRECIS_SRC" "$PRECIS_BIN" \
	"$PRECISD_BIN" || rc=1
exit "$rc"
