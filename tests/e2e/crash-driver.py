#!/usr/bin/env python3
"""Crash test for precisd (issue 5, DESIGN.md section 3 "Exactly once").

While precisd ingests FILES articles (most renamed in, some written in
place, some written slowly in pieces), it is killed with SIGKILL at seeded
random moments at least KILLS times and restarted each time.  Then it runs
to the end and the test checks, against the files themselves:

  * every file is stored exactly once: as many articles as files, and the
    multiset of stored hashes (BLAKE2b-256 of the bytes) equals the files';
  * each article knows exactly one path, its inbox path;
  * the inbox is empty (after = move) and done_dir holds every file exactly
    once, under its own name (a second move would add a "-1" name);
  * PRAGMA integrity_check says ok, and `precis failures` is empty.

Usage: crash-driver.py SEED.  Environment: PRECISD_BIN, PRECIS_BIN;
CRASH_FILES (2000), CRASH_KILLS (20), KEEP=1 keeps the directory.  The
articles are the fixtures in tests/data/articles, each file made unique
by a line of its own.  The seed fixes the schedule: which file arrives how, in what
order, the pauses between drops and the delay before each kill.
"""
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SETTLE_MS = 400
DEADLINE = 240  # seconds for the final run to finish everything


def log(msg):
    print(msg, flush=True)


class Notify:
    """A service manager's notify socket: counts READY=1 messages."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.ready = 0
        self.cv = threading.Condition()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            msg = self.sock.recv(65536).decode("utf-8", "replace")
            with self.cv:
                for line in msg.split("\n"):
                    if line == "READY=1":
                        self.ready += 1
                self.cv.notify_all()

    def wait_ready(self, n, timeout):
        end = time.monotonic() + timeout
        with self.cv:
            while self.ready < n:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cv.wait(left)
        return True


def main():
    seed = int(sys.argv[1])
    nfiles = int(os.environ.get("CRASH_FILES", "2000"))
    min_kills = int(os.environ.get("CRASH_KILLS", "20"))
    precisd = os.environ["PRECISD_BIN"]
    precis = os.environ["PRECIS_BIN"]
    log(f"crash test: seed {seed}, {nfiles} files, >= {min_kills} kills "
        f"(reproduce: CRASH_SEED={seed} or crash-driver.py {seed})")
    rng = random.Random(seed)

    # Real-looking articles from the fixtures in tests/data/articles, so a
    # bare checkout runs this test; each file gets a line of its own below.
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                     "data", "articles")
    sources = [os.path.join(d, n) for n in sorted(os.listdir(d))
               if n.endswith(".txt")]
    if not sources:
        log("no fixtures in " + d)
        return 1

    t = os.path.realpath(tempfile.mkdtemp(prefix="precis-crash-"))
    inbox, done, stage = (os.path.join(t, n) for n in ("inbox", "done",
                                                         "stage"))
    for d in (inbox, done, stage):
        os.mkdir(d)
    db = os.path.join(t, "precis.db")
    conf = os.path.join(t, "precis.conf")
    logpath = os.path.join(t, "precisd.log")
    with open(conf, "w") as f:
        f.write(f"[inbox]\npath = {inbox}\nsettle_ms = {SETTLE_MS}\n"
                f"after = move\ndone_dir = {done}\n[store]\npath = {db}\n")

    # The files: a fixture article plus a line that makes each unique.
    files = []  # (name, bytes, how)
    for i in range(nfiles):
        src = sources[rng.randrange(len(sources))]
        with open(src, "rb") as f:
            data = f.read()
        data += f"\n\nCrash test file {i} of seed {seed}.\n".encode()
        r = rng.random()
        how = "rename" if r < 0.8 else ("inplace" if r < 0.93 else "slow")
        files.append((f"f{i:05d}.txt", data, how))
    expected = sorted(hashlib.blake2b(d, digest_size=32).hexdigest()
                      for _, d, _ in files)
    assert len(set(expected)) == nfiles
    # Pauses between drops, and the kill delays, drawn up front so the
    # schedule depends on the seed alone.
    drop_pause = [rng.choice((0, 0, 0, 0.002, 0.01)) for _ in files]
    # Pauses up to 1.5 x settle_ms with the file open: after a restart
    # that missed the open, only the daemon's check for writers (a read
    # lease) keeps it from taking the file half-written.
    slow_pieces = [[rng.uniform(0.02, 1.5 * SETTLE_MS / 1000)
                    for _ in range(3)] for _ in files]
    kill_delay = [rng.choice((rng.uniform(0, 0.05), rng.uniform(0.05, 0.6)))
                  for _ in range(10 * min_kills)]

    writers = []
    producer_done = threading.Event()

    def slow_write(path, data, pauses):
        # One descriptor, pieces with pauses: the daemon must wait for
        # the close, even after a restart that missed the open.
        n = len(pauses) + 1
        with open(path, "wb", buffering=0) as f:
            for k in range(n):
                f.write(data[k * len(data) // n:(k + 1) * len(data) // n])
                if k < n - 1:
                    time.sleep(pauses[k])

    def produce():
        for i, (name, data, how) in enumerate(files):
            if how == "rename":
                p = os.path.join(stage, name)
                with open(p, "wb") as f:
                    f.write(data)
                os.rename(p, os.path.join(inbox, name))
            elif how == "inplace":
                with open(os.path.join(inbox, name), "wb") as f:
                    f.write(data)
            else:
                th = threading.Thread(target=slow_write,
                                      args=(os.path.join(inbox, name), data,
                                            slow_pieces[i]))
                th.start()
                writers.append(th)
            if drop_pause[i]:
                time.sleep(drop_pause[i])
        for th in writers:
            th.join()
        producer_done.set()

    notify = Notify(os.path.join(t, "notify.sock"))
    env = dict(os.environ, NOTIFY_SOCKET=notify.path)
    logf = open(logpath, "ab")

    def start():
        return subprocess.Popen([precisd, "--config", conf], env=env,
                                stderr=logf, stdout=subprocess.DEVNULL)

    def stored():
        r = subprocess.run([precis, "--db", db, "list", "--json"],
                           capture_output=True)
        if r.returncode != 0:
            return []
        return json.loads(r.stdout)

    def fail(msg):
        log(f"FAIL (seed {seed}): {msg}")
        log("--- precisd log (last 30 lines)")
        with open(logpath, "rb") as f:
            for line in f.read().decode("utf-8", "replace").splitlines()[-30:]:
                log(line)
        log(f"kept {t}")
        sys.exit(1)

    started = time.monotonic()
    threading.Thread(target=produce, daemon=True).start()
    kills = 0
    readies = 0
    while kills < min_kills or not producer_done.is_set():
        if kills >= len(kill_delay):
            fail("the producer never finished")
        p = start()
        delay = kill_delay[kills]
        time.sleep(delay)  # The schedule itself, not a synchronisation.
        if p.poll() is not None:
            fail(f"precisd exited by itself with {p.returncode}")
        p.send_signal(signal.SIGKILL)
        p.wait()
        kills += 1
        readies = notify.ready
    log(f"{kills} kills in {time.monotonic() - started:.1f} s; "
        f"{len(os.listdir(done))} files moved so far")

    # The last run: everything must get through.
    p = start()
    if not notify.wait_ready(readies + 1, 30):
        fail("no READY=1 from the final run")
    end = time.monotonic() + DEADLINE
    while True:
        if not os.listdir(inbox) and len(os.listdir(done)) >= nfiles:
            break
        if p.poll() is not None:
            fail(f"precisd exited with {p.returncode}")
        if time.monotonic() > end:
            fail(f"{len(os.listdir(inbox))} files still in the inbox, "
                 f"{len(os.listdir(done))} in done_dir")
        time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    if p.wait(60) != 0:
        fail(f"precisd exited with {p.returncode} after SIGTERM")
    log(f"all files through in {time.monotonic() - started:.1f} s")

    arts = stored()
    got = sorted(a["hash"] for a in arts)
    if len(arts) != nfiles:
        fail(f"{len(arts)} articles stored for {nfiles} files")
    if got != expected:
        missing = set(expected) - set(got)
        extra = set(got) - set(expected)
        fail(f"stored hashes differ: {len(missing)} missing, "
             f"{len(extra)} not from any file (half-written?)")
    want_path = {hashlib.blake2b(d, digest_size=32).hexdigest():
                 os.path.join(inbox, n) for n, d, _ in files}
    for a in arts:
        if a["paths"] != [want_path[a["hash"]]]:
            fail(f"article {a['hash'][:12]} has paths {a['paths']}")
    names = sorted(os.listdir(done))
    if names != sorted(n for n, _, _ in files):
        fail(f"done_dir holds {len(names)} files, not each file once "
             f"under its own name")
    for n, d, _ in files:
        with open(os.path.join(done, n), "rb") as f:
            if f.read() != d:
                fail(f"done_dir/{n} differs from what was written")
    r = subprocess.run(["sqlite3", db, "PRAGMA integrity_check;"],
                       capture_output=True, text=True)
    if r.stdout.strip() != "ok":
        fail(f"integrity_check: {r.stdout.strip()} {r.stderr.strip()}")
    r = subprocess.run([precis, "--db", db, "failures", "--json"],
                       capture_output=True, text=True)
    # Exit 1 is "the query matched nothing" (cli.h), the expected answer.
    if r.returncode not in (0, 1) or json.loads(r.stdout) != []:
        fail(f"precis failures: {r.stdout.strip()} {r.stderr.strip()}")
    log(f"ok: seed {seed}: {kills} SIGKILLs, {nfiles} files stored once "
        f"each, moved once each, integrity ok, no failures "
        f"({time.monotonic() - started:.1f} s)")
    logf.close()
    if os.environ.get("KEEP") == "1":
        log(f"kept {t}")
    else:
        shutil.rmtree(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
