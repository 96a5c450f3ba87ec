#!/bin/sh
# The Debian package: scripts/build-deb.sh builds it with
# `dpkg-buildpackage -b -us -uc` from a clean copy of the tree and lintian
# reports no error or warning; the .deb has what issue 11 asks for.  The
# .deb stays in $PRECIS_BUILD/deb for dist/systemd-service (a CTest
# fixture).
set -eu
: "${PRECIS_SRC:?}" "${PRECIS_BUILD:?}"
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (build dependencies, lintian as CI runs it)"; exit 77; }
for c in dpkg-buildpackage dh lintian; do
	command -v "$c" >/dev/null 2>&1 || fail "no $c (scripts/deps.sh installs it)"
done
out=$PRECIS_BUILD/deb
rm -rf "$out"
"$PRECIS_SRC/scripts/build-deb.sh" "$out" || fail "scripts/build-deb.sh"
deb=$(ls "$out"/precis_*_*.deb)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dpkg-deb -e "$deb" "$tmp/ctl"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/files"

# Depends names the package of every shared library the programs link
# (libsodium, inih and libunistring are linked from their archives), and
# the two they load with dlopen(): SQLite and libxml2.
depends=$(dpkg-deb -f "$deb" Depends)
dpkg-deb -x "$deb" "$tmp/root"
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for bin in "$tmp/root/usr/bin/precis" "$tmp/root/usr/sbin/precisd"; do
	needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	[ -n "$needed" ] || fail "$bin: no shared libraries read"
	for so in $needed; do
		pkg=$(dpkg -S "*/$arch/$so" 2>/dev/null | head -n 1 | cut -d: -f1)
		[ -n "$pkg" ] || fail "no package owns $so"
		echo "$depends" | grep -q "$pkg" ||
			fail "Depends lacks $pkg ($so): $depends"
	done
done
for lib in libsqlite3-0 libxml2 libuv1 libsystemd0; do
	echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib: $depends"
done
grep -qx /etc/precis/precis.conf "$tmp/ctl/conffiles" ||
	fail "/etc/precis/precis.conf is not a conffile"
for f in /usr/bin/precis /usr/sbin/precisd /lib/systemd/system/precisd.service \
	/usr/lib/sysusers.d/precis.conf /usr/lib/tmpfiles.d/precis.conf \
	/usr/share/man/man1/precis.1.gz /usr/share/man/man8/precisd.8.gz \
	/usr/share/man/man5/precis.conf.5.gz \
	/usr/share/bash-completion/completions/precis \
	/usr/share/zsh/vendor-completions/_precis \
	/usr/share/fish/vendor_completions.d/precis.fish; do
	grep -qx "$f" "$tmp/files" || fail "$f not in the package"
done
grep -q 'systemd-sysusers.*precis.conf' "$tmp/ctl/postinst" ||
	fail "postinst does not create the user (systemd-sysusers)"
grep -q 'systemd-tmpfiles.*--create precis.conf' "$tmp/ctl/postinst" ||
	fail "postinst does not create the inbox (systemd-tmpfiles)"
grep -q "deb-systemd-helper enable 'precisd.service'" "$tmp/ctl/postinst" ||
	fail "postinst does not enable precisd.service"
grep -q 'rm -rf /var/lib/precis' "$tmp/ctl/postrm" ||
	fail "postrm does not remove /var/lib/precis on purge"
echo "ok: $(basename "$deb"): Depends from shlibs, conffile, user, inbox, unit, purge"
