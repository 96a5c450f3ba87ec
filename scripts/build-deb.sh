#!/bin/sh
# Build the Debian package the Debian way (debian/, debhelper compat 13):
# `dpkg-buildpackage -b -us -uc` in a clean copy of the source tree, then
# lintian, which must report no error and no warning.
# Usage (Debian 12, after scripts/deps.sh): ./scripts/build-deb.sh [OUTDIR]
# The .deb, .buildinfo and .changes land in OUTDIR (default build-deb/).
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
out=${1:-build-deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# A clean copy: the files git knows (tracked, or new and not ignored), so
# no build directory or local store leaks into the package; without git,
# everything but the build directories.
version=$(dpkg-parsechangelog -S Version)
tree=$work/precis-$version
mkdir "$tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" ls-files -z --cached --others --exclude-standard |
		(cd "$src" && xargs -0 cp --parents -P -t "$tree")
else
	tar -C "$src" --exclude='./build*' --exclude=./inbox \
		--exclude='./precis.db*' -cf - . | tar -C "$tree" -xf -
fi

# Build in parallel on every CPU unless DEB_BUILD_OPTIONS says otherwise.
case " ${DEB_BUILD_OPTIONS:-} " in
*" parallel="*) ;;
*) DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc)" ;;
esac
export DEB_BUILD_OPTIONS
(cd "$tree" && dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1 || {
	tail -n 60 "$work/build.log"; echo "build-deb: dpkg-buildpackage failed"; exit 1; }

changes=$(ls "$work"/precis_*.changes)
for f in $(sed -n '/^Files:/,$s/^ [0-9a-f]* [0-9]* [^ ]* [^ ]* //p' "$changes") \
	"$(basename "$changes")"; do
	cp "$work/$f" "$out/"
done
echo "build-deb: $(cd "$out" && ls precis_*.deb)"

# Errors and warnings fail; info and pedantic tags are shown, not fatal.
lintian --fail-on error,warning --info "$out/$(basename "$changes")"
echo "build-deb: lintian clean"
