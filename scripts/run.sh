#!/bin/sh
# Install what the build needs, build, and run precisd in the foreground on
# ./inbox and ./precis.db (created if missing).  Drop files into ./inbox;
# query them with ./build/precis list / show / search.
# Usage (as root on Debian 12): ./scripts/run.sh
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
cmake -S . -B build -DPRECIS_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
if [ -x build/daemon/precisd ]; then
	exec build/daemon/precisd --inbox ./inbox --db ./precis.db
fi
# Until the daemon is built, summarize the shipped example article.
exec build/cli/precis summarize --sentences 3 \
	"${PRECIS_EXAMPLE:-../shared/examples/ft-trump-putin-syria.txt}"
