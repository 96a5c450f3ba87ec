#!/bin/sh
# Bulk import speed: `precis import` of a whole corpus folder into a fresh
# store (read + hash + extract + summarize + store), side by side with
# `cat` of the same files; the same import on one thread (--jobs 1); then
# the same import again (all duplicates).  Prints medians of RUNS runs,
# the CPU time each used (wall time on a shared machine includes waiting
# for a core), and the ratio to cat (issue 8 asks for at most 8x on two
# cores).  Not a CTest test.
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
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

bin, corpus, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
               if not f.startswith('.'))
size = sum(os.path.getsize(f) for f in files)

cpu = {}

def timed(cmd, key=None, **kw):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       **kw)
    t = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if key is not None:
        cpu.setdefault(key, []).append(r1.ru_utime - r0.ru_utime +
                                       r1.ru_stime - r0.ru_stime)
    if r.returncode != 0:
        sys.exit("%s failed (%d): %s" % (cmd[:3], r.returncode,
                                         r.stderr.decode()))
    return t, r.stdout.decode().strip()

# Warm the page cache so that both sides read from memory.
subprocess.run(['cat'] + files, stdout=subprocess.DEVNULL)
cat, imp, one, dup = [], [], [], []
for i in range(runs):
    cat.append(timed(['cat'] + files, 'cat')[0])
    d = tempfile.mkdtemp(prefix='precis-bench-')
    db = os.path.join(d, 'bench.db')
    t, out = timed([bin, '--db', db, 'import', corpus], 'imp')
    imp.append(t)
    first = out
    t, out = timed([bin, '--db', db, 'import', corpus], 'dup')
    dup.append(t)
    second = out
    db = os.path.join(d, 'one.db')
    one.append(timed([bin, '--db', db, 'import', '--jobs', '1', corpus],
                     'one')[0])
    shutil.rmtree(d)

def ms(v, key):
    return "median %.0f ms (min %.0f, max %.0f); CPU %.0f ms" % (
        statistics.median(v) * 1000, min(v) * 1000, max(v) * 1000,
        statistics.median(cpu[key]) * 1000)

print("corpus: %s: %d files, %.1f MB; %d runs; %d CPUs; load %.1f" % (
    corpus, len(files), size / 1e6, runs, os.cpu_count(),
    os.getloadavg()[0]))
print("cat:                 " + ms(cat, 'cat'))
print("import (fresh):      " + ms(imp, 'imp') + "  -> " + first)
print("import (--jobs 1):   " + ms(one, 'one'))
print("import (again):      " + ms(dup, 'dup') + "  -> " + second)
print("ratio import/cat: %.1fx (median), %.1fx (best runs); target <= 8x" % (
    statistics.median(imp) / statistics.median(cat), min(imp) / min(cat)))
print("threads: --jobs 1 / default = %.2f; throughput %.1f MB/s, "
      "%.0f files/s" % (statistics.median(one) / statistics.median(imp),
                        size / 1e6 / statistics.median(imp),
                        len(files) / statistics.median(imp)))
PY
