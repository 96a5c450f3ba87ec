#!/bin/sh
# PostgreSQL beside SQLite, on this machine, in one run (not a CTest test):
#  1. ingest of a corpus (1,366 bbc-dev files) into a fresh store with
#     `precis import`, with one precisd, and (PostgreSQL) with two precisd
#     sharing the store, each with half the files in its own inbox;
#  2. search latency (`precis search` as a whole process, median of 21) for
#     a common word, a rare word and a phrase on a COUNT-article store: on
#     SQLite the store of tests/bench/bench-search.sh (made with
#     bench-search through the real pipeline, reused when it exists); on
#     PostgreSQL the first BASE (default 5,000) of the same generated
#     articles moved in with `precis migrate` (its speed is reported too),
#     then copied inside the server (INSERT ... SELECT: a new hash and a
#     numbered line appended to the body, with their paths, summaries and
#     keywords; the rare word's article is not copied) until COUNT, so
#     that building it takes minutes rather than the half hour that COUNT
#     puts through the store API would (see the figures).
# PostgreSQL is a throwaway cluster of tests/pg/cluster.sh (Unix socket,
# fsync on, default settings), stopped and removed at the end.
#
# usage: tests/bench/bench-pg.sh [BUILD-DIR] [COUNT] [CORPUS-DIR]
# defaults: $PRECIS_BUILD or ./build; 100000; ../shared/corpus/bbc-dev/articles
# The SQLite search store goes to $BENCH_DB (default
# /tmp/precis-bench-COUNT.db), shared with bench-search.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${PRECIS_BUILD:-$here/../../build}}
count=${2:-100000}
corpus=${3:-$here/../../../shared/corpus/bbc-dev/articles}
db=${BENCH_DB:-/tmp/precis-bench-$count.db}
bin=$build/cli/precis
daemon=$build/daemon/precisd
gen=$build/tests/bench-search
for x in "$bin" "$daemon" "$gen"; do
	[ -x "$x" ] || { echo "build $x first" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }

have=$("$bin" --db "$db" stats --json 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])' 2>/dev/null ||
	echo 0)
if [ "$have" != "$count" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	echo "generating $count articles into $db ..."
	"$gen" "$db" "$count" "$corpus"
fi
base=${BASE:-5000}
[ "$base" -le "$count" ] || base=$count

work=$(mktemp -d /tmp/precis-bench-pg.XXXXXX)
chmod 755 "$work"
state=$work/cluster
trap 'sh "$here/../pg/cluster.sh" stop "$state" || true; rm -rf "$work"' EXIT INT TERM
sh "$here/../pg/cluster.sh" start "$state"

python3 - "$bin" "$daemon" "$corpus" "$db" "$(cat "$state")" "$work" "$gen" "$base" "$count" <<'PY'
import json, os, shutil, sqlite3, statistics, subprocess, sys, time

bin, daemon, corpus, big, sock, work, gen, base, count = sys.argv[1:]
base, count = int(base), int(count)
env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
               if not f.startswith('.'))
N = len(files)
admin = "postgresql://precis@/postgres?host=" + sock

def psql(url, sql):
    return subprocess.run(["psql", "-X", "-At", url, "-c", sql], env=env,
                          check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()

def newdb(name):
    psql(admin, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
    psql(admin, "CREATE DATABASE %s" % name)
    return "postgresql://precis@/%s?host=%s" % (name, sock)

def done_count(store):
    """Paths plus failures stored so far: one per file handled."""
    if store.startswith("postgresql://"):
        return int(psql(store, "SELECT (SELECT count(*) FROM paths) + "
                               "(SELECT count(*) FROM failures)"))
    if not os.path.exists(store):
        return 0
    c = sqlite3.connect("file:%s?mode=ro" % store, uri=True, timeout=5)
    try:
        return c.execute("SELECT (SELECT count(*) FROM paths) + "
                         "(SELECT count(*) FROM failures)").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        c.close()

def run(args, **kw):
    r = subprocess.run([bin] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, **kw)
    if r.returncode not in (0, 1):
        sys.exit("%s: exit %d: %s" % (" ".join(args), r.returncode,
                                      r.stderr.decode()))
    return r

figures = {}

def report(label, secs, n=N):
    figures[label] = secs
    print("  %-44s %7.2f s  %6.0f files/s" % (label, secs, n / secs))

k = 0
# ---- 1. ingest (INGEST=0 skips it) ----
def ingest():
    print("ingest: %d files from %s" % (N, corpus))
    def fresh(kind):
        global k
        k += 1
        if kind == "pg":
            return newdb("bench_ingest_%d" % k)
        return os.path.join(work, "ingest-%d.db" % k)

    for kind, label in (("sqlite", "SQLite"), ("pg", "PostgreSQL")):
        store = fresh(kind)
        t = time.perf_counter()
        run(["--db", store, "import", corpus])
        report("precis import -> %s" % label, time.perf_counter() - t)
        if done_count(store) != N:
            sys.exit("import into %s stored %d of %d" % (label, done_count(store), N))

    def daemons(kind, inboxes):
        """Start one precisd per inbox on one store, drop the files in (by
        rename: complete on arrival), time until every file is handled."""
        store = fresh(kind)
        procs, stages = [], []
        for i in range(inboxes):
            d = os.path.join(work, "d%d-%d" % (k, i))
            os.makedirs(d + "/inbox")
            os.makedirs(d + "/stage")
            conf = d + "/precis.conf"
            with open(conf, "w") as f:
                f.write("[inbox]\npath = %s/inbox\nsettle_ms = 100\n"
                        "after = keep\n[store]\n" % d)
                if kind == "pg":
                    f.write("path = %s/local.db\nurl = %s\nhost_name = desk-%d\n"
                            % (d, store, i))
                else:
                    f.write("path = %s\n" % store)
            for j, src in enumerate(files):
                if j % inboxes == i:
                    shutil.copy(src, d + "/stage/")
            stages.append(d)
            procs.append(subprocess.Popen([daemon, "--config", conf],
                                          stdout=subprocess.DEVNULL,
                                          stderr=open(d + "/log", "w"), env=env))
        status = [(d + "/local.db.status") if kind == "pg" else store + ".status"
                  for d in stages]
        t0 = time.time()
        while not all(os.path.exists(s) for s in status):
            if time.time() - t0 > 60:
                sys.exit("precisd not ready: %s" % open(stages[0] + "/log").read())
            time.sleep(0.05)
        t = time.perf_counter()
        for d in stages:
            for f in os.listdir(d + "/stage"):
                os.rename(d + "/stage/" + f, d + "/inbox/" + f)
        while done_count(store) < N:
            if time.perf_counter() - t > 900:
                sys.exit("only %d of %d handled" % (done_count(store), N))
            time.sleep(0.05)
        secs = time.perf_counter() - t
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()
        return secs

    report("one precisd -> SQLite", daemons("sqlite", 1))
    report("one precisd -> PostgreSQL", daemons("pg", 1))
    report("two precisd (two inboxes) -> PostgreSQL", daemons("pg", 2))
    print("  ratios: import PG/SQLite %.2f; one precisd PG/SQLite %.2f; "
          "two precisd PG / one precisd PG %.2f" % (
              figures["precis import -> PostgreSQL"] / figures["precis import -> SQLite"],
              figures["one precisd -> PostgreSQL"] / figures["one precisd -> SQLite"],
              figures["two precisd (two inboxes) -> PostgreSQL"] /
              figures["one precisd -> PostgreSQL"]))


if os.environ.get("INGEST", "1") != "0":
    ingest()

# ---- 2. search on a large store ----
pg = newdb("bench_search")
small = os.path.join(work, "base.db")
subprocess.run([gen, small, str(base), corpus], check=True,
               stdout=subprocess.DEVNULL)
print("\nmove: %d articles (bench-search's first ones) -> PostgreSQL" % base)
t = time.perf_counter()
run(["--db", small, "migrate", "--quiet", "--to", pg])
report("precis migrate SQLite -> PostgreSQL", time.perf_counter() - t, base)
t = time.perf_counter()
psql(pg, "CREATE TABLE bench_base AS SELECT id, hash FROM articles "
         "WHERE body NOT LIKE '%quokkaburger%'")
k = 0
while int(psql(pg, "SELECT count(*) FROM articles")) < count:
    k += 1
    need = count - int(psql(pg, "SELECT count(*) FROM articles"))
    nh = "encode(sha256(convert_to(o.hash || ':%d', 'UTF8')), 'hex')" % k
    psql(pg, """BEGIN;
CREATE TEMP TABLE pick AS SELECT id, hash FROM bench_base ORDER BY id LIMIT %d;
INSERT INTO articles (hash, title, language, format, bytes, words, sentences,
  first_seen, stored_at, host, algorithm, version, params, summary, body, tscfg)
  SELECT %s, a.title, a.language, a.format, a.bytes, a.words, a.sentences,
    a.first_seen, a.stored_at, a.host, a.algorithm, a.version, a.params,
    a.summary, a.body || E'\n\nCopy %d of article ' || a.id || '.', a.tscfg
  FROM articles a JOIN pick o ON o.id = a.id;
CREATE TEMP TABLE map AS SELECT o.id AS old, n.id AS new FROM pick o
  JOIN articles n ON n.hash = %s;
INSERT INTO paths (article_id, host, path, added_at, size, mtime_ns, inode)
  SELECT m.new, p.host, p.path || '.%d', p.added_at, -1, -1, 0
  FROM paths p JOIN map m ON m.old = p.article_id;
INSERT INTO summary_sentences (article_id, ord, idx, score, text)
  SELECT m.new, s.ord, s.idx, s.score, s.text
  FROM summary_sentences s JOIN map m ON m.old = s.article_id;
INSERT INTO keywords (article_id, rank, term, weight)
  SELECT m.new, w.rank, w.term, w.weight
  FROM keywords w JOIN map m ON m.old = w.article_id;
COMMIT;""" % (need, nh, k, nh, k))
psql(pg, "DROP TABLE bench_base")
psql(pg, "VACUUM ANALYZE")
n_pg = int(psql(pg, "SELECT count(*) FROM articles"))
print("  copied inside the server to %d articles in %.0f s" % (
    n_pg, time.perf_counter() - t))
print("  PostgreSQL database size: %s; SQLite file: %.0f MB" % (
    psql(pg, "SELECT pg_size_pretty(pg_database_size(current_database()))"),
    os.path.getsize(big) / 1e6))

def bench(store, args, n=21):
    ts = []
    for i in range(n):
        t = time.perf_counter()
        r = run(["--db", store] + args)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), len(r.stdout.decode().splitlines())

print("\nsearch (median of 21 whole `precis` runs, 20 hits at most):")
print("  %-34s %16s %16s %7s" % ("", "SQLite", "PostgreSQL", "PG/SQL"))
for label, args in (("search said (common)", ["search", "said"]),
                    ("search quokkaburger (rare, 1 hit)",
                     ["search", "quokkaburger"]),
                    ('search "prime minister" (phrase)',
                     ["search", '"prime minister"']),
                    ("list --limit 20 (no search)",
                     ["list", "--limit", "20"])):
    a, la = bench(big, args)
    b, lb = bench(pg, args)
    print("  %-34s %7.1f ms %3d ln %7.1f ms %3d ln %6.1fx" % (
        label, a * 1000, la, b * 1000, lb, b / a))
# What the server spends (psql, median of 5, no process start or
# connection): finding the matches through the GIN index, and ranking the
# newest 10,000 of them with ts_rank_cd (what precis search does first).
def sql_ms(sql):
    ts = []
    for i in range(5):
        t = time.perf_counter()
        out = psql(pg, sql)
        ts.append(time.perf_counter() - t)
    return out, statistics.median(ts) * 1000
_, empty = sql_ms("SELECT 1")
print("  server side (psql; a bare SELECT 1 costs %.1f ms):" % empty)
for q in ("said", "quokkaburger", "prime <-> minister"):
    tq = "to_tsquery('english', '%s')" % q
    n, t_count = sql_ms("SELECT count(*) FROM articles WHERE search @@ %s" % tq)
    _, t_rank = sql_ms("SELECT max(ts_rank_cd(search, %s)) FROM (SELECT search "
                       "FROM articles WHERE search @@ %s ORDER BY id DESC "
                       "LIMIT 10000) x" % (tq, tq))
    print("  %-20s %6s matches: count %6.1f ms, rank newest 10,000 %6.1f ms"
          % (q, n, t_count, t_rank))
PY
