#!/usr/bin/env python3
"""Benchmark precisd (run by bench-daemon.sh; prints figures, asserts
nothing).

1. burst:   all bbc-dev files renamed into the inbox of a running daemon;
            time from the first rename until every path is queryable.
2. latency: single files renamed into an idle daemon, one at a time; time
            from rename() to the path being committed (p50, p99).
3. naive:   the pipeline a user would otherwise write (inotifywait -m
            feeding ots and sqlite3) on the same burst; the ratio.
4. rss:     peak RSS of precisd while ingesting 10,000 distinct files,
            sampled along the way to show it does not grow with the count.

"Queryable" is polled with a read-only SQLite connection on the store's
paths table (what `precis list` reads), every millisecond; the final count
is checked with `precis list --json`."""
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import sdnotify  # noqa: E402  (tests/lib)

PRECISD = os.environ["PRECISD_BIN"]
PRECIS = os.environ["PRECIS_BIN"]
CORPUS = os.path.join(os.environ["PRECIS_SHARED"], "corpus/bbc-dev/articles")
N_LATENCY = int(os.environ.get("BENCH_LATENCY_N", "200"))
N_RSS = int(os.environ.get("BENCH_RSS_N", "10000"))
# after = for burst and latency: keep (default) measures ingest alone;
# delete or move adds the store sync and the folder syncs each batch
# pays before its files leave the inbox.
AFTER = os.environ.get("BENCH_AFTER", "keep")


RUNNING = []


class Daemon:
    def __init__(self, root, after="keep"):
        self.root = root
        self.inbox = os.path.join(root, "inbox")
        self.db = os.path.join(root, "precis.db")
        os.makedirs(self.inbox, exist_ok=True)
        conf = os.path.join(root, "precis.conf")
        with open(conf, "w") as f:
            f.write("[inbox]\npath = %s\nafter = %s\n" % (self.inbox, after))
            if after == "move":
                f.write("done_dir = %s\n" % os.path.join(root, "done"))
            f.write("[store]\npath = %s\n" % self.db)
        sock = os.path.join(root, "notify.sock")
        self.notify = sdnotify.Notify(sock)
        env = dict(os.environ, NOTIFY_SOCKET=sock)
        self.log = open(os.path.join(root, "precisd.log"), "w")
        self.p = subprocess.Popen([PRECISD, "--config", conf], env=env,
                                  stderr=self.log)
        RUNNING.append(self.p)
        self.wait_notify("READY=1")
        self.conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)

    def wait_notify(self, what):
        if not self.notify.wait(what, 1, 30):
            raise SystemExit("no %s from precisd" % what)

    def count(self):
        return self.conn.execute("SELECT count(*) FROM paths").fetchone()[0]

    def has(self, path):
        return self.conn.execute("SELECT 1 FROM paths WHERE path = ?",
                                 (path,)).fetchone() is not None

    def hwm_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.conn.close()
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(60)
        self.notify.close()
        self.log.close()
        return rc


def wait_count(d, n, timeout=120):
    end = time.monotonic() + timeout
    while d.count() < n:
        if time.monotonic() > end:
            raise SystemExit("timed out: %d of %d" % (d.count(), n))
        time.sleep(0.001)


def stage(root, names, suffix=None):
    s = os.path.join(root, "stage")
    os.makedirs(s, exist_ok=True)
    for i, n in enumerate(names):
        src = os.path.join(CORPUS, n)
        data = open(src, "rb").read()
        if suffix is not None:
            data += suffix(i)
        with open(os.path.join(s, "%05d-%s" % (i, os.path.basename(n))),
                  "wb") as f:
            f.write(data)
    return s


def list_count(db):
    out = subprocess.run([PRECIS, "--db", db, "list", "--json"],
                         capture_output=True, check=True).stdout
    return sum(len(a["paths"]) for a in json.loads(out))


def bench_burst(tmp, files):
    root = os.path.join(tmp, "burst")
    os.makedirs(root)
    d = Daemon(root, AFTER)
    s = stage(root, files)
    names = sorted(os.listdir(s))
    t0 = time.monotonic()
    for n in names:
        os.rename(os.path.join(s, n), os.path.join(d.inbox, n))
    t_renamed = time.monotonic() - t0
    wait_count(d, len(names))
    t = time.monotonic() - t0
    left = ""
    if AFTER != "keep":
        while os.listdir(d.inbox):
            time.sleep(0.001)
        left = "; all left the inbox after %.3f s" % (time.monotonic() - t0)
    rc = d.stop()
    assert rc == 0, rc
    assert list_count(d.db) == len(names)
    print("burst (after = %s): %d files renamed in %.3f s; all queryable "
          "after %.3f s (%.0f files/s)%s"
          % (AFTER, len(names), t_renamed, t, len(names) / t, left))
    return t


def bench_latency(tmp, files):
    root = os.path.join(tmp, "latency")
    os.makedirs(root)
    d = Daemon(root, AFTER)
    s = stage(root, files[:N_LATENCY])
    lat = []
    gone = []
    for n in sorted(os.listdir(s)):
        dst = os.path.join(d.inbox, n)
        t0 = time.monotonic()
        os.rename(os.path.join(s, n), dst)
        # Poll every 0.1 ms but yield the CPU: a busy loop would take one
        # of the cores precisd needs.
        while not d.has(dst):
            time.sleep(0.0001)
        lat.append((time.monotonic() - t0) * 1000)
        if AFTER != "keep":
            while os.path.exists(dst):
                time.sleep(0.0001)
            gone.append((time.monotonic() - t0) * 1000)

    def pct(v):
        v.sort()
        return (statistics.median(v),
                v[min(len(v) - 1, int(round(0.99 * len(v))) - 1)], v[-1])
    rc = d.stop()
    assert rc == 0, rc
    p50, p99, mx = pct(lat)
    print("latency (after = %s): %d single files into an idle daemon, "
          "rename -> committed: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
          % (AFTER, len(lat), p50, p99, mx))
    if gone:
        print("latency (after = %s): rename -> synced and left the inbox: "
              "p50 %.2f ms, p99 %.2f ms, max %.2f ms" % ((AFTER,) + pct(gone)))
    return p50, p99


NAIVE = r'''
inbox=$1; db=$2; tmp=$3
sqlite3 "$db" "CREATE TABLE s (path TEXT, summary TEXT);"
inotifywait -m -e close_write -e moved_to --format '%w%f' "$inbox" \
	2>"$tmp/inotifywait.err" |
while IFS= read -r f; do
	ots --ratio=20 "$f" >"$tmp/sum.txt" 2>/dev/null
	q=$(printf '%s' "$f" | sed "s/'/''/g")
	sqlite3 -cmd ".timeout 10000" "$db" \
		"INSERT INTO s VALUES ('$q', readfile('$tmp/sum.txt'));"
done
'''


def bench_naive(tmp, files):
    if not shutil.which("inotifywait") or not shutil.which("ots"):
        print("naive: inotifywait or ots missing (scripts/deps.sh)")
        return None
    root = os.path.join(tmp, "naive")
    inbox = os.path.join(root, "inbox")
    os.makedirs(inbox)
    db = os.path.join(root, "naive.db")
    p = subprocess.Popen(["sh", "-c", NAIVE, "naive", inbox, db, root],
                         start_new_session=True)
    # inotifywait says "Watches established." on stderr once it watches.
    err = os.path.join(root, "inotifywait.err")
    while not (os.path.exists(err) and
               b"Watches established" in open(err, "rb").read()):
        time.sleep(0.01)
    s = stage(root, files)
    names = sorted(os.listdir(s))
    t0 = time.monotonic()
    for n in names:
        os.rename(os.path.join(s, n), os.path.join(inbox, n))
    n, t = 0, 0.0
    while n < len(names) and time.monotonic() - t0 < 600:
        time.sleep(0.05)
        # A short-lived connection, so the pipeline's writers are not
        # kept waiting by the measurement.
        conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        c = conn.execute("SELECT count(*) FROM s").fetchone()[0]
        conn.close()
        if c != n:
            n, t = c, time.monotonic() - t0
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    print("naive: inotifywait | ots | sqlite3: %d of %d rows after %.2f s"
          % (n, len(names), t))
    return t


def bench_rss(tmp, files):
    root = os.path.join(tmp, "rss")
    os.makedirs(root)
    d = Daemon(root, after=os.environ.get("BENCH_RSS_AFTER", "keep"))
    marks = []
    batch = 1000
    done = 0
    while done < N_RSS:
        k = min(batch, N_RSS - done)
        names = [files[(done + i) % len(files)] for i in range(k)]
        s = stage(root, names,
                  suffix=lambda i, base=done: b"\n\nSerial %d.\n" % (base + i))
        for n in sorted(os.listdir(s)):
            os.rename(os.path.join(s, n),
                      os.path.join(d.inbox, "%06d-%s" % (done, n)))
        done += k
        t0 = time.monotonic()
        wait_count(d, done, timeout=300)
        marks.append((done, d.rss_kb(), d.hwm_kb(), time.monotonic() - t0))
    hwm = d.hwm_kb()
    rc = d.stop()
    assert rc == 0, rc
    print("rss: precisd ingesting %d distinct files (after = %s): peak "
          "RSS %.1f MB" % (N_RSS, os.environ.get("BENCH_RSS_AFTER", "keep"),
                           hwm / 1024))
    for n, rss, h, t in marks:
        print("rss:   after %5d files: RSS %.1f MB, peak so far %.1f MB "
              "(batch took %.2f s)" % (n, rss / 1024, h / 1024, t))
    return hwm


def main():
    files = sorted(os.listdir(CORPUS))
    tmp = tempfile.mkdtemp(prefix="bench-daemon.")
    sys.stdout.reconfigure(line_buffering=True)
    try:
        what = sys.argv[1:] or ["burst", "latency", "naive", "rss"]
        res = {}
        if "burst" in what:
            res["burst"] = bench_burst(tmp, files)
        if "latency" in what:
            res["latency"] = bench_latency(tmp, files)
        if "naive" in what:
            res["naive"] = bench_naive(tmp, files)
        if res.get("burst") and res.get("naive"):
            print("ratio: precisd is %.1fx faster than the naive pipeline "
                  "on the burst" % (res["naive"] / res["burst"]))
        if "rss" in what:
            res["rss"] = bench_rss(tmp, files)
    finally:
        for p in RUNNING:
            if p.poll() is None:
                p.kill()
                p.wait()
        if os.environ.get("BENCH_KEEP"):
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
