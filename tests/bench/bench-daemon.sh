#!/bin/sh
# Benchmark precisd (not a CTest test: it prints figures).
# usage: tests/bench/bench-daemon.sh [BUILD_DIR] [burst|latency|naive|rss...]
# Needs python3, and inotify-tools, ots and sqlite3 for the naive pipeline
# (all in scripts/deps.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
[ $# -gt 0 ] && shift
export PRECISD_BIN=${PRECISD_BIN:-$build/daemon/precisd}
export PRECIS_BIN=${PRECIS_BIN:-$build/cli/precis}
export PRECIS_SHARED=${PRECIS_SHARED:-$here/../../../shared}
[ -x "$PRECISD_BIN" ] || { echo "no precisd at $PRECISD_BIN (build first)"; exit 1; }
echo "machine: $(nproc) CPUs, $(uname -sr); precisd $("$PRECISD_BIN" --version)"
exec python3 "$here/bench-daemon.py" "$@"
