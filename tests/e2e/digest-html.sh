# The HTML digest in a real browser (issue 9 item 7): headless Chromium
# renders it at a phone's width (390 px) and a desktop's (1280 px), and in
# dark mode; the screenshots are kept in the build folder
# (digest-screenshots/) for a person to look at, and png-check.py checks
# each: width, light or dark background, text drawn, nothing off the edge.
# Once, in the normal build: the sanitizers add nothing to a browser run.
set -eu
: "${PRECIS_BIN:?}" "${PRECIS_SRC:?}" "${PRECIS_BUILD:?}"
if [ -n "${ASAN_OPTIONS:-}" ] || [ -n "${UBSAN_OPTIONS:-}" ]; then
	echo "skip: sanitizer pass"
	exit 77
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "FAIL: chromium missing (scripts/deps.sh installs it)"; exit 1; }
E2E=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/precis-digest.XXXXXX)
OUT=$PRECIS_BUILD/digest-screenshots
trap 'rm -rf "$T"' EXIT INT TERM
rm -rf "$OUT"
mkdir -p "$OUT" "$T/in"

# Articles with an awkward title and a long unbroken URL, plus a few BBC
# articles when ../shared is there, for a page of realistic length.
cp "$PRECIS_SRC"/tests/data/cli/*.* "$PRECIS_SRC"/tests/data/digest/* "$T/in/"
BBC=${PRECIS_SHARED:-}/corpus/bbc-dev/articles
if [ -d "$BBC" ]; then
	cp "$(ls "$BBC"/*.txt | head -n 1)" "$(ls "$BBC"/*.txt | tail -n 1)" "$T/in/"
fi
"$PRECIS_BIN" --db "$T/s.db" import "$T/in" >/dev/null
"$PRECIS_BIN" --db "$T/s.db" digest --since today --format html \
	--title "Morning digest" --output "$OUT/digest.html"

shot() { # NAME WIDTH HEIGHT [chromium flags]
	name=$1 w=$2 h=$3
	shift 3
	profile=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$profile" "$@" \
		--screenshot="$OUT/$name.png" --window-size="$w,$h" \
		"file://$OUT/digest.html" >"$T/chromium.log" 2>&1 ||
		{ cat "$T/chromium.log"; echo "FAIL: chromium ($name)"; exit 1; }
	rm -rf "$profile"
	[ -s "$OUT/$name.png" ] || { echo "FAIL: no $name.png"; exit 1; }
}
shot phone-light 390 3600
shot desktop-light 1280 1000
# Blink's preferredColorScheme 0 is dark: what prefers-color-scheme sees.
shot phone-dark 390 1000 --blink-settings=preferredColorScheme=0

python3 "$E2E/png-check.py" "$OUT/phone-light.png" 390 light
python3 "$E2E/png-check.py" "$OUT/desktop-light.png" 1280 light
python3 "$E2E/png-check.py" "$OUT/phone-dark.png" 390 dark
echo "ok: screenshots in $OUT"
