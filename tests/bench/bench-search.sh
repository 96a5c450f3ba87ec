#!/bin/sh
# Search at scale: generate a store of COUNT articles from a corpus (with
# the bench-search program, through the real pipeline; reused when it
# exists), then time `precis search` for a common, a medium and a rare
# word, `precis show HASH-PREFIX` and `precis list`, as whole processes.
# Prints medians of 21 runs.  Not a CTest test.
#
# usage: tests/bench/bench-search.sh [BUILD-DIR] [COUNT] [CORPUS-DIR]
# defaults: $PRECIS_BUILD or ./build; 100000; ../shared/corpus/bbc-dev/articles
# The store goes to $BENCH_DB (default /tmp/precis-bench-COUNT.db).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${PRECIS_BUILD:-$here/../../build}}
count=${2:-100000}
corpus=${3:-$here/../../../shared/corpus/bbc-dev/articles}
db=${BENCH_DB:-/tmp/precis-bench-$count.db}
bin=$build/cli/precis
gen=$build/tests/bench-search
[ -x "$bin" ] && [ -x "$gen" ] || { echo "build $bin and $gen first" >&2; exit 2; }

have=$("$bin" --db "$db" stats --json 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])' 2>/dev/null ||
	echo 0)
if [ "$have" != "$count" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	echo "generating $count articles into $db ..."
	"$gen" "$db" "$count" "$corpus"
fi

exec python3 - "$bin" "$db" <<'PY'
import json, os, statistics, subprocess, sys, time

bin, db = sys.argv[1], sys.argv[2]

def run(args):
    r = subprocess.run([bin, '--db', db] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return r

def bench(label, args, n=21):
    ts = []
    for i in range(n):
        t = time.perf_counter()
        r = run(args)
        ts.append(time.perf_counter() - t)
        if r.returncode not in (0, 1):
            sys.exit("%s: exit %d: %s" % (label, r.returncode, r.stderr))
    hits = len(r.stdout.decode().splitlines())
    print("%-34s median %6.1f ms  (min %5.1f, max %6.1f)  %d lines" % (
        label, statistics.median(ts) * 1000, min(ts) * 1000,
        max(ts) * 1000, hits))

stats = json.loads(run(['stats', '--json']).stdout)
print("store: %s: %d articles, %.0f MB of text, file %.0f MB" % (
    db, stats['articles'], stats['bytes'] / 1e6,
    os.path.getsize(db) / 1e6))
mid = json.loads(run(['list', '--json', '--sort', 'title', '--limit',
                      str(stats['articles'] // 2)]).stdout)[-1]
prefix = mid['hash'][:8]
bench('search said (common)', ['search', 'said'])
bench('search government (medium)', ['search', 'government'])
bench('search quokkaburger (rare, 1 hit)', ['search', 'quokkaburger'])
bench('search "prime minister"', ['search', '"prime minister"'])
bench('show ' + prefix + ' (hash prefix)', ['show', prefix])
bench('list --limit 20', ['list', '--limit', '20'])
bench('stats', ['stats'], n=7)
PY
