#!/usr/bin/env python3
"""Benchmark: precisd's memory with many files kept in the inbox (issue 8
item 5; run by bench-inbox-rss.sh; prints figures, asserts nothing but
correctness).

For each size N (default 10,000, 100,000 and 1,000,000):
  1. write N small articles into an inbox on a tmpfs (100 distinct texts
     from tests/data/articles, so most files are known bytes under a new
     name: read and hashed, not summarized);
  2. start precisd (after = keep) on a fresh store and wait until every
     path is stored: peak RSS while ingesting;
  3. stop it, start it again: the scan finds every file stored and
     unchanged.  Rescan time (start to the end of the scan), peak RSS,
     and whether anything was read again (it must not be).
The peer in the same run: listing and lstat()ing the same folder from
Python (os.scandir), the least any rescan must do; the ratio is printed."""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import sdnotify  # noqa: E402  (tests/lib)

PRECISD = os.environ["PRECISD_BIN"]
HERE = os.path.dirname(os.path.abspath(__file__))


class Daemon:
    def __init__(self, root, verbose=False):
        self.root = root
        self.inbox = os.path.join(root, "inbox")
        self.db = os.path.join(root, "precis.db")
        conf = os.path.join(root, "precis.conf")
        with open(conf, "w") as f:
            f.write("[inbox]\npath = %s\nafter = keep\n[store]\npath = %s\n"
                    % (self.inbox, self.db))
        sock = os.path.join(root, "notify.sock")
        self.notify = sdnotify.Notify(sock)
        self.logpath = os.path.join(root, "precisd.log")
        self.log = open(self.logpath, "w")
        args = [PRECISD, "--config", conf] + (["-v"] if verbose else [])
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(args, stderr=self.log,
                                  env=dict(os.environ, NOTIFY_SOCKET=sock))
        self.wait_notify("READY=1")

    def wait_notify(self, what):
        if not self.notify.wait(what, 1, 60):
            raise SystemExit("no %s from precisd" % what)

    def status_kb(self, key):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(600)
        self.notify.close()
        self.log.close()
        return rc


def paths_stored(db):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return c.execute("SELECT count(*) FROM paths").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        c.close()


def make_inbox(root, n):
    texts_dir = os.path.join(root, "texts")
    subprocess.run([sys.executable,
                    os.path.join(HERE, "..", "e2e", "make-corpus.py"),
                    texts_dir, "100"], check=True)
    texts = [open(os.path.join(texts_dir, f), "rb").read()
             for f in sorted(os.listdir(texts_dir))]
    inbox = os.path.join(root, "inbox")
    os.mkdir(inbox)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    t0 = time.monotonic()
    for i in range(n):
        fd = os.open(os.path.join(inbox, "a%07d.txt" % i), flags, 0o644)
        os.write(fd, texts[i % len(texts)])
        os.close(fd)
    return time.monotonic() - t0


def scan_floor(inbox):
    t0 = time.monotonic()
    n = 0
    with os.scandir(inbox) as it:
        for e in it:
            e.stat(follow_symlinks=False)
            n += 1
    return time.monotonic() - t0


def run(base, n):
    root = tempfile.mkdtemp(prefix="rss-%d-" % n, dir=base)
    gen_s = make_inbox(root, n)
    print("n=%d: wrote %d files in %.1f s" % (n, n, gen_s), flush=True)

    d = Daemon(root)
    t0 = time.monotonic()
    peak_ingest = 0
    while True:
        peak_ingest = max(peak_ingest, d.status_kb("VmHWM"))
        if paths_stored(d.db) >= n:
            break
        if d.p.poll() is not None:
            raise SystemExit("precisd exited")
        time.sleep(0.5)
    ingest_s = time.monotonic() - t0
    peak_ingest = max(peak_ingest, d.status_kb("VmHWM"))
    rc = d.stop()
    print("n=%d: first ingest %.1f s (%.0f files/s), peak RSS %.1f MB, "
          "exit %d" % (n, ingest_s, n / ingest_s, peak_ingest / 1024, rc),
          flush=True)

    d = Daemon(root, verbose=True)
    # The last chunk of the inbox's scan logs without "so far".
    end = time.monotonic() + 3600
    done = False
    while not done:
        with open(d.logpath) as f:
            for line in f:
                if "inbox': " in line and "file(s), " in line and \
                   "so far" not in line:
                    done = True
                    break
        if time.monotonic() > end:
            raise SystemExit("rescan did not finish")
        if not done:
            time.sleep(0.05)
    rescan_s = time.monotonic() - d.t0
    # Let anything the scan queued run before looking at the outcome.
    time.sleep(1)
    rss = d.status_kb("VmRSS")
    peak = d.status_kb("VmHWM")
    d.stop()
    known = reread = 0
    with open(d.logpath) as f:
        for line in f:
            if "unchanged since stored or failed" in line:
                known += int(line.split(", ")[-1].split()[0])
            if "stored '" in line or "already summarized" in line or \
               "unchanged, already stored" in line:
                reread += 1
    floor = scan_floor(os.path.join(root, "inbox"))
    print("n=%d: restart: rescan %.2f s (listing+lstat floor %.2f s, "
          "ratio %.1fx), RSS %.1f MB, peak %.1f MB; %d of %d recognised "
          "from the store, %d read again" %
          (n, rescan_s, floor, rescan_s / floor if floor else 0, rss / 1024,
           peak / 1024, known, n, reread), flush=True)
    subprocess.run(["rm", "-rf", root], check=True)
    return peak_ingest, peak, rescan_s, known == n and reread == 0


def main():
    base = os.environ.get("BENCH_DIR", "/dev/shm")
    sizes = [int(s) for s in sys.argv[1:]] or [10000, 100000, 1000000]
    rows = []
    for n in sizes:
        rows.append((n,) + run(base, n))
    print("\nfiles      ingest peak  rescan peak  rescan    correct")
    for n, pi, pr, rs, ok in rows:
        print("%-10d %7.1f MB  %7.1f MB  %7.2f s  %s" %
              (n, pi / 1024, pr / 1024, rs, "yes" if ok else "NO"))


if __name__ == "__main__":
    main()
