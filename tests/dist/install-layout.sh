#!/bin/sh
# The install layout (issue 11):
# 1. DESTDIR staging with --prefix /usr puts the programs in usr/bin and
#    usr/sbin, the unit, sysusers.d and tmpfiles.d files where systemd.pc
#    says, the manual pages, and /etc/precis/precis.conf; the unit's
#    ExecStart names /usr/sbin/precisd; a second install keeps an edited
#    configuration.
# 2. An unprivileged user (a uid of its own, no other process has it)
#    installs with --prefix into a directory of its own and nothing is
#    written outside it: the process may read everything
#    (CAP_DAC_READ_SEARCH) but write only where that user may, every file
#    in install_manifest.txt lies under the prefix, and no file of that
#    user's appeared in the world-writable directories.
set -eu
: "${PRECIS_BUILD:?}"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# 1. Staging, as a package build does it.
stage=$tmp/stage
DESTDIR=$stage cmake --install "$PRECIS_BUILD" --prefix /usr \
	>"$tmp/stage.log" 2>&1 || { cat "$tmp/stage.log"; fail "DESTDIR install"; }
bashdir=$(pkg-config --variable=completionsdir bash-completion)
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
sysusersdir=$(pkg-config --variable=sysusersdir systemd)
tmpfilesdir=$(pkg-config --variable=tmpfilesdir systemd)
for f in /usr/bin/precis /usr/sbin/precisd "$unitdir/precisd.service" \
	"$sysusersdir/precis.conf" "$tmpfilesdir/precis.conf" \
	/etc/precis/precis.conf /usr/share/doc/precis/examples/precis.conf \
	/usr/share/man/man1/precis.1 /usr/share/man/man8/precisd.8 \
	/usr/share/man/man5/precis.conf.5 "$bashdir/precis" "$bashdir/precisd" \
	/usr/share/zsh/vendor-completions/_precis \
	/usr/share/fish/vendor_completions.d/precis.fish; do
	[ -f "$stage$f" ] || fail "$f not staged"
done
[ -x "$stage/usr/sbin/precisd" ] || fail "precisd is not executable"
grep -qx 'ExecStart=/usr/sbin/precisd --config /etc/precis/precis.conf' \
	"$stage$unitdir/precisd.service" || {
	grep ExecStart "$stage$unitdir/precisd.service"
	fail "ExecStart does not name the installed precisd"; }
# Everything installed (cmake's manifest, without DESTDIR) is in the
# staging directory.
n=0
while IFS= read -r f || [ -n "$f" ]; do
	[ -f "$stage$f" ] || fail "$f was installed outside DESTDIR"
	n=$((n + 1))
done <"$PRECIS_BUILD/install_manifest.txt"
[ "$n" -ge 10 ] || fail "only $n files in the install manifest"
echo "ok: DESTDIR staging for /usr"

printf '\n; edited by the administrator\n' >>"$stage/etc/precis/precis.conf"
DESTDIR=$stage cmake --install "$PRECIS_BUILD" --prefix /usr \
	>"$tmp/stage2.log" 2>&1 || { cat "$tmp/stage2.log"; fail "second install"; }
grep -q 'edited by the administrator' "$stage/etc/precis/precis.conf" ||
	fail "a reinstall overwrote the edited configuration"
grep -q "Keeping: $stage/etc/precis/precis.conf" "$tmp/stage2.log" ||
	fail "the reinstall did not say it kept the configuration"
echo "ok: a reinstall keeps an edited configuration"

# 2. A non-root install into a prefix of the user's own.
[ "$(id -u)" -eq 0 ] || { echo "SKIP part 2: needs root to become another user"; exit 77; }
# Not nobody: other tests may run processes as nobody at the same time.
U=64790
getent passwd "$U" >/dev/null && fail "uid $U is taken on this machine"
command -v setpriv >/dev/null 2>&1 || fail "no setpriv (util-linux)"
command -v unshare >/dev/null 2>&1 || fail "no unshare (util-linux)"
home=$tmp/home
mkdir -p "$home"
chmod 0755 "$tmp"
chown "$U:$U" "$home"
# cmake writes install_manifest.txt into the build tree, which a user
# installing their own build owns.  Here the build tree is root's: in a
# private mount namespace a file of that user's is bound over that one path.
: >>"$PRECIS_BUILD/install_manifest.txt"
: >"$tmp/manifest"
chown "$U:$U" "$tmp/manifest"
: >"$tmp/stamp"
sleep 1 # mtime granularity for the find -newer below
if ! unshare --mount --propagation private sh -c '
	mount --bind "$1" "$2/install_manifest.txt" &&
	exec setpriv --reuid="$4" --regid="$4" --clear-groups \
		--inh-caps=+dac_read_search --ambient-caps=+dac_read_search \
		env HOME="$3" TMPDIR="$3" cmake --install "$2" --prefix "$3/p"' \
	sh "$tmp/manifest" "$PRECIS_BUILD" "$home" "$U" >"$tmp/user.log" 2>&1; then
	cat "$tmp/user.log"
	fail "cmake --install --prefix as uid $U"
fi
[ -s "$tmp/manifest" ] || fail "no install manifest"
grep -v "^$home/p/" "$tmp/manifest" &&
	fail "uid $U's install wrote outside its prefix"
for f in bin/precis sbin/precisd lib/systemd/system/precisd.service \
	lib/sysusers.d/precis.conf lib/tmpfiles.d/precis.conf \
	etc/precis/precis.conf share/man/man1/precis.1 \
	share/bash-completion/completions/precis share/zsh/site-functions/_precis \
	share/fish/vendor_completions.d/precisd.fish; do
	[ -f "$home/p/$f" ] || fail "$f not installed under the prefix"
done
grep -qx "ExecStart=$home/p/sbin/precisd --config $home/p/etc/precis/precis.conf" \
	"$home/p/lib/systemd/system/precisd.service" ||
	fail "ExecStart does not follow the install prefix"
# World-writable places are the only ones where that user could have
# written unseen by the permission checks.
stray=$(find /tmp /var/tmp /dev/shm -xdev -user "$U" -newer "$tmp/stamp" \
	! -path "$tmp/*" 2>/dev/null | head -n 5)
[ -z "$stray" ] || { echo "$stray"; fail "files of uid $U outside the prefix"; }
echo "ok: uid $U installed into its own prefix and wrote nothing outside it"
