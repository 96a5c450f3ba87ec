#!/bin/sh
# The installed systemd unit: `systemd-analyze verify` passes and
# `systemd-analyze security --offline=true` rates its exposure at most 1.5.
# The unit is installed with `cmake --install` into a scratch DESTDIR; verify
# needs ExecStart to exist, so the copy it checks points at the installed
# binary inside that DESTDIR (the only change made to the file).
set -eu
command -v systemd-analyze >/dev/null 2>&1 || { echo "no systemd-analyze"; exit 77; }
: "${PRECIS_BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

DESTDIR="$tmp/root" cmake --install "$PRECIS_BUILD" >"$tmp/install.log" 2>&1 || {
	cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1; }
unit=$(find "$tmp/root" -name precisd.service | head -n 1)
[ -n "$unit" ] || { echo "FAIL: precisd.service not installed"; exit 1; }
for f in sysusers.d/precis.conf tmpfiles.d/precis.conf precis/precis.conf; do
	find "$tmp/root" -path "*/$f" | grep -q . ||
		{ echo "FAIL: $f not installed"; exit 1; }
done
grep -q '^Type=notify$' "$unit" || { echo "FAIL: not Type=notify"; exit 1; }
grep -q '^User=precis$' "$unit" || { echo "FAIL: not User=precis"; exit 1; }
if grep -q '^DynamicUser=yes' "$unit"; then
	echo "FAIL: DynamicUser hides the store from the CLI"; exit 1
fi

exec_bin=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
[ -x "$tmp/root$exec_bin" ] ||
	{ echo "FAIL: ExecStart $exec_bin was not installed"; exit 1; }
mkdir -p "$tmp/check"
sed "s|^ExecStart=$exec_bin|ExecStart=$tmp/root$exec_bin|" "$unit" \
	>"$tmp/check/precisd.service"
# The digest service and its timer (an example, shipped disabled) too.
unitdir=$(dirname "$unit")
for f in precis-digest.service precis-digest.timer; do
	[ -f "$unitdir/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
	sed "s|^ExecStart=\([^ ]*\)|ExecStart=$tmp/root\1|" "$unitdir/$f" \
		>"$tmp/check/$f"
done
# verify looks up the unit's Documentation= pages with man(1): point it at
# the installed ones.
manpath=$(find "$tmp/root" -type d -name man -path '*/share/man' | head -n 1)
if ! (cd "$tmp/check" && MANPATH=$manpath systemd-analyze verify \
	precisd.service precis-digest.service precis-digest.timer) \
	>"$tmp/verify.log" 2>&1; then
	cat "$tmp/verify.log"; echo "FAIL: systemd-analyze verify"; exit 1
fi
if [ -s "$tmp/verify.log" ]; then
	cat "$tmp/verify.log"; echo "FAIL: systemd-analyze verify warned"; exit 1
fi
echo "ok: systemd-analyze verify"

systemd-analyze security --offline=true "$unit" >"$tmp/sec.log" 2>&1 || true
level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$tmp/sec.log")
[ -n "$level" ] || { cat "$tmp/sec.log"; echo "FAIL: no exposure level"; exit 1; }
echo "exposure level: $level"
awk -v l="$level" 'BEGIN { exit !(l <= 1.5) }' ||
	{ grep '✗' "$tmp/sec.log"; echo "FAIL: exposure $level > 1.5"; exit 1; }

# The config the unit names is the one installed.
conf=$(sed -n 's/^ExecStart=[^ ]* --config \(.*\)$/\1/p' "$unit")
[ -f "$tmp/root$conf" ] || { echo "FAIL: $conf not installed"; exit 1; }
"$tmp/root$exec_bin" --check-config --config "$tmp/root$conf" ||
	{ echo "FAIL: installed config does not check"; exit 1; }
echo "ok: exposure $level <= 1.5, config checks"
