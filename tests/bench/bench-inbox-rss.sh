#!/bin/sh
# Benchmark precisd's memory with many files kept in the inbox (issue 8
# item 5): peak RSS while ingesting and after a restart's rescan, and the
# rescan time, at 10k, 100k and 1M files (not a CTest test: it prints
# figures; the correctness test at a smaller size is e2e/daemon-keep-many).
# usage: tests/bench/bench-inbox-rss.sh [BUILD_DIR] [N...]
# The inbox goes on a tmpfs: BENCH_DIR (default /dev/shm).  A million
# files take about 4 GB of it (a page each) and a few minutes to ingest.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
[ $# -gt 0 ] && shift
export PRECISD_BIN=${PRECISD_BIN:-$build/daemon/precisd}
[ -x "$PRECISD_BIN" ] || { echo "no precisd at $PRECISD_BIN (build first)"; exit 1; }
echo "machine: $(nproc) CPUs, $(uname -sr); precisd $("$PRECISD_BIN" --version)"
exec python3 "$here/bench-inbox-rss.py" "$@"
