#!/bin/sh
# Install the Debian packages precis needs to build, test and benchmark.
# Idempotent: packages already present are skipped by apt. Run as root.
set -eu
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev
libuv1-dev libsqlite3-dev sqlite3 libsodium-dev libcmocka-dev libsystemd-dev
libinih-dev libxml2-dev libicu-dev libmd4c-dev libstemmer-dev libjansson-dev
libunistring-dev hyperfine
python3 python3-nltk python3-jsonschema valgrind systemd inotify-tools ots
libpq-dev libpq5 postgresql
scdoc mandoc debhelper lintian bash-completion zsh fish
chromium fonts-dejavu-core libxml2-utils
libfuse3-dev fuse3"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
