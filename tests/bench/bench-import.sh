#!/bin/sh
# Bulk import speed: `precis import` of a whole corpus folder into a fresh
# store (read + hash + extract + summarize + store), side by side with
# `cat` of the same files; then the same import again (all duplicates).
# Prints medians of RUNS runs.  Not a CTest test.
#
# usage: tests/bench/bench-import.sh [PRECIS-BIN] [CORPUS-DIR]
# defaults: $PRECIS_BIN or ./build/cli/precis; ../shared/corpus/bbc-dev/articles
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${PRECIS_BIN:-$here/../../build/cli/precis}}
corpus=${2:-$here/../../../shared/corpus/bbc-dev/articles}
runs=${RUNS:-7}
[ -x "$bin" ] || { echo "no precis binary at $bin" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }

exec python3 - "$bin" "$corpus" "$runs" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time

bin, corpus, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
               if not f.startswith('.'))
size = sum(os.path.getsize(f) for f in files)

def timed(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       **kw)
    t = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit("%s failed (%d): %s" % (cmd[:3], r.returncode,
                                         r.stderr.decode()))
    return t, r.stdout.decode().strip()

# Warm the page cache so that both sides read from memory.
subprocess.run(['cat'] + files, stdout=subprocess.DEVNULL)
cat, imp, dup = [], [], []
for i in range(runs):
    cat.append(timed(['cat'] + files)[0])
    d = tempfile.mkdtemp(prefix='precis-bench-')
    db = os.path.join(d, 'bench.db')
    t, out = timed([bin, '--db', db, 'import', corpus])
    imp.append(t)
    first = out
    t, out = timed([bin, '--db', db, 'import', corpus])
    dup.append(t)
    second = out
    shutil.rmtree(d)

def ms(v):
    return "median %.0f ms (min %.0f, max %.0f)" % (
        statistics.median(v) * 1000, min(v) * 1000, max(v) * 1000)

print("corpus: %s: %d files, %.1f MB; %d runs; %d CPUs" % (
    corpus, len(files), size / 1e6, runs, os.cpu_count()))
print("cat:            " + ms(cat))
print("import (fresh): " + ms(imp) + "  -> " + first)
print("import (again): " + ms(dup) + "  -> " + second)
print("ratio import/cat: %.0fx; import throughput %.1f MB/s, %.0f files/s" % (
    statistics.median(imp) / statistics.median(cat),
    size / 1e6 / statistics.median(imp),
    len(files) / statistics.median(imp)))
PY
