#!/usr/bin/env python3
"""Power cuts under a running precisd (issue 13).

precisd runs with its store, inbox, done_dir and failed_dir on powerfs
(tests/durable/powerfs.c), a FUSE filesystem that keeps only what was
synced.  Files arrive (each one synced into the inbox before it counts as
arrived); after a random delay the power is cut: precisd is killed and
powerfs unmounts, writing out only the synced state (or, every other
round, a random mix of synced and unsynced state per file and folder, as
a real disk can leave it).  Then it checks what came back, without
touching it:

  * PRAGMA integrity_check is ok;
  * every file that arrived is still in the inbox with its bytes, or its
    article is in the store (by BLAKE2b-256 of the bytes) and, under
    after = move, the file is in done_dir; a file that cannot be
    summarized has its failure recorded and sits in failed_dir;
  * nothing is doubled: no path twice in the store, no arrived file in
    done_dir twice, nothing in the inbox that did not arrive.

The filesystem comes back, precisd starts on it again, more files arrive,
and so on; the last round runs without a cut until the inbox is empty,
and everything must then be stored.  after = delete and after = move,
several seeds, at least 30 cuts.

Environment: PRECIS_POWERFS, PRECISD_BIN, PRECIS_SHARED (bbc-dev corpus;
skipped when ../shared is absent), POWERCUT_SEEDS (default "1 2 3"),
POWERCUT_CUTS (per seed and mode, default 6), KEEP=1 to keep the
directory.  Needs /dev/fuse and the right to mount (root): exit 77
otherwise.  Exit 1 on the first violation, with what was found."""
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import sdnotify  # noqa: E402  (tests/lib)

POWERFS = os.environ.get("PRECIS_POWERFS", "")
PRECISD = os.environ.get("PRECISD_BIN", "")
SHARED = os.environ.get("PRECIS_SHARED", "")
CORPUS = os.path.join(SHARED, "corpus/bbc-dev/articles")
SEEDS = [int(s) for s in os.environ.get("POWERCUT_SEEDS", "1 2 3").split()]
CUTS = int(os.environ.get("POWERCUT_CUTS", "6"))
DEADLINE = 60
STATS = {"not yet stored": 0, "stored, still in the inbox": 0,
         "left the inbox": 0}


def skip(why):
    print("skipped:", why)
    sys.exit(77)


def fail(why, t=None):
    print("FAIL:", why)
    if t is not None:
        t.dump_log()
    sys.exit(1)


def b2(data):
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def fsync_path(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def wait_until(what, cond, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            fail("timed out waiting for " + what)
        time.sleep(0.01)


class Machine:
    """One powerfs image with precisd on it, cut and restarted."""

    def __init__(self, root, after, seed, files):
        self.root = root
        self.after = after
        self.rng = random.Random(seed)
        self.seed = seed
        self.files = files
        self.image = os.path.join(root, "image")
        self.mnt = os.path.join(root, "mnt")
        self.inbox = os.path.join(self.mnt, "inbox")
        self.done = os.path.join(self.mnt, "done")
        self.failed = os.path.join(self.mnt, "failed")
        self.db = os.path.join(self.mnt, "precis.db")
        self.conf = os.path.join(root, "precis.conf")
        self.log_path = os.path.join(root, "precisd.log")
        os.makedirs(self.mnt)
        self.notify = sdnotify.Notify(os.path.join(root, "notify.sock"))
        self.fs = None
        self.d = None
        self.arrived = {}   # name -> (bytes, good?)
        self.n = 0
        self.cuts = 0
        with open(self.conf, "w") as f:
            f.write("[inbox]\npath = %s\nafter = %s\nsettle_ms = 20\n"
                    "poll_interval = 1\n" % (self.inbox, after))
            if after == "move":
                f.write("done_dir = %s\n" % self.done)
            f.write("failed_dir = %s\n[store]\npath = %s\n"
                    % (self.failed, self.db))

    def dump_log(self):
        print("--- precisd log (last 30 lines), kept in", self.root)
        try:
            with open(self.log_path, errors="replace") as f:
                print("".join(f.readlines()[-30:]))
        except OSError:
            pass
        os.environ["KEEP"] = "1"

    def power_on(self, harsh, cut_at=None):
        args = [POWERFS]
        if harsh:
            args += ["-p", str(self.rng.randrange(1 << 30))]
        if cut_at is not None:
            args += ["-c", str(cut_at)]
        if os.path.exists(self.image + ".cut"):
            os.unlink(self.image + ".cut")
        self.fs = subprocess.Popen(args + [self.image, self.mnt],
                                   stderr=subprocess.PIPE)
        end = time.monotonic() + 10
        while not os.path.ismount(self.mnt):
            if self.fs.poll() is not None:
                err = self.fs.stderr.read().decode(errors="replace")
                if self.cuts == 0:
                    skip("powerfs cannot mount here: " + err.strip())
                fail("powerfs exited: " + err)
            if time.monotonic() > end:
                fail("powerfs did not mount")
            time.sleep(0.01)
        if self.cuts == 0 and self.n == 0:
            # The folders exist before precisd does: synced into the root.
            for d in (self.inbox, self.done, self.failed):
                os.makedirs(d, exist_ok=True)
            fsync_path(self.mnt)

    def start(self):
        readies = self.notify.count("READY=1")
        env = dict(os.environ, NOTIFY_SOCKET=self.notify.path)
        with open(self.log_path, "a") as log:
            self.d = subprocess.Popen([PRECISD, "--config", self.conf],
                                      env=env, stderr=log, cwd=self.root)
        if not self.notify.wait("READY=1", readies + 1, DEADLINE):
            fail("no READY=1 from precisd")

    def arrive(self, k):
        """k files, each synced into the inbox before it counts."""
        for _ in range(k):
            self.n += 1
            r = self.rng.random()
            if r < 0.08:
                data = bytes(range(256)) * 4 + b"%d" % self.n
                good = False
                name = "bad-%04d.bin" % self.n
            else:
                # Now and then the same bytes under a second name: one
                # article, two paths.
                src = self.rng.choice(self.files)
                with open(src, "rb") as f:
                    data = f.read()
                good = True
                name = "f%04d-%s" % (self.n, os.path.basename(src))
            part = os.path.join(self.inbox, "." + name + ".part")
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, data)
            os.fsync(fd)
            os.close(fd)
            os.rename(part, os.path.join(self.inbox, name))
            fsync_path(self.inbox)
            self.arrived[name] = (data, good)

    def cut(self):
        """The power goes: precisd stops dead, then the disk keeps what
        it keeps."""
        self.d.send_signal(signal.SIGKILL)
        self.d.wait()
        self.d = None
        self.fs.send_signal(signal.SIGTERM)
        try:
            self.fs.wait(30)
        except subprocess.TimeoutExpired:
            fail("powerfs did not stop")
        if self.fs.returncode != 0:
            fail("powerfs: " + self.fs.stderr.read().decode(errors="replace"))
        self.fs = None
        self.cuts += 1

    def stop(self):
        if self.d is not None:
            stops = self.notify.count("STOPPING=1")
            self.d.send_signal(signal.SIGTERM)
            if not self.notify.wait("STOPPING=1", stops + 1, DEADLINE):
                fail("no STOPPING=1 from precisd")
            if self.d.wait(DEADLINE) != 0:
                fail("precisd exited with %d" % self.d.returncode, self)
            self.d = None
        if self.fs is not None:
            self.fs.send_signal(signal.SIGTERM)
            self.fs.wait(30)
            self.fs = None

    def kill(self):
        if self.d is not None and self.d.poll() is None:
            self.d.kill()
            self.d.wait()
        if self.fs is not None and self.fs.poll() is None:
            self.fs.terminate()     # unmounts
            try:
                self.fs.wait(10)
            except subprocess.TimeoutExpired:
                self.fs.kill()
                self.fs.wait()
        # A filesystem process that died leaves a dead mount, which
        # ismount() cannot see: detach it whatever.
        subprocess.run(["umount", "-l", self.mnt], check=False,
                       stderr=subprocess.DEVNULL)

    def unpack(self):
        """The image (what survived) as plain files, for the checks."""
        out = os.path.join(self.root, "after-%d" % self.cuts)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        with open(self.image, "rb") as f:
            while True:
                line = f.readline()
                if not line:
                    break
                parts = line.rstrip(b"\n").split(b" ")
                path = os.path.join(out, parts[-1].decode().lstrip("/"))
                if parts[0] == b"D":
                    os.makedirs(path, exist_ok=True)
                else:
                    size = int(parts[6])
                    data = f.read(size)
                    with open(path, "wb") as g:
                        g.write(data)
        return out

    def check(self, final=False):
        where = "%s seed %d, after cut %d" % (self.after, self.seed,
                                              self.cuts)
        out = self.unpack()
        inbox = os.path.join(out, "inbox")
        done = os.path.join(out, "done")
        failed = os.path.join(out, "failed")
        db = os.path.join(out, "precis.db")
        hashes, paths, failures = set(), [], set()
        if os.path.exists(db):
            c = sqlite3.connect(db)
            ok = c.execute("PRAGMA integrity_check").fetchall()
            if ok != [("ok",)]:
                fail("%s: integrity_check: %s" % (where, ok), self)
            # A store whose creation was never synced comes back empty:
            # nothing in it was acknowledged, precisd creates it again.
            tables = {r[0] for r in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "articles" in tables:
                hashes = {r[0] for r in
                          c.execute("SELECT hash FROM articles")}
                paths = [r[0] for r in c.execute("SELECT path FROM paths")]
                failures = {r[0] for r in
                            c.execute("SELECT path FROM failures")}
            c.close()
        if len(paths) != len(set(paths)):
            fail("%s: a path is stored twice" % where, self)

        def listing(d):
            return sorted(n for n in os.listdir(d)
                          if not n.startswith(".")) if os.path.isdir(d) \
                else []
        in_inbox = listing(inbox)
        in_done = listing(done)
        in_failed = listing(failed)
        for n in in_inbox:
            if n not in self.arrived:
                fail("%s: %s in the inbox never arrived" % (where, n), self)
        # done_dir names are the arrived names, or name-N.ext on a
        # collision (none here: every arrived name is new).
        for n in in_done + in_failed:
            if n not in self.arrived:
                fail("%s: %s in done/failed is a second copy or unknown"
                     % (where, n), self)
        lost = []
        for name, (data, good) in sorted(self.arrived.items()):
            p = os.path.join(inbox, name)
            if name in in_inbox and not final:
                # Where the cut fell for this file: before its commit was
                # synced, or after (its after-action then still to come).
                stored = (b2(data) in hashes if good else True) and \
                    os.path.join(self.inbox, name) in (
                        set(paths) if good else failures)
                STATS["stored, still in the inbox" if stored
                      else "not yet stored"] += 1
            elif not final:
                STATS["left the inbox"] += 1
            if name in in_inbox:
                with open(p, "rb") as f:
                    if f.read() != data:
                        fail("%s: %s came back changed" % (where, name),
                             self)
                if final:
                    # After the last round precisd emptied the inbox: a
                    # file back here left it without a synced folder.
                    lost.append(name + (" (stored, but back in the inbox)"
                                        if good and b2(data) in hashes
                                        else " (never processed)"))
                continue
            in_path = os.path.join(self.inbox, name)
            if good:
                if b2(data) not in hashes or in_path not in paths:
                    lost.append(name + " (gone from the inbox, not stored)")
                elif self.after == "move":
                    q = os.path.join(done, name)
                    if name not in in_done:
                        lost.append(name + " (stored, not in done_dir)")
                    elif open(q, "rb").read() != data:
                        lost.append(name + " (changed in done_dir)")
            else:
                if in_path not in failures:
                    lost.append(name + " (failure not recorded)")
                elif name not in in_failed:
                    lost.append(name + " (not in failed_dir)")
        if lost:
            fail("%s: %d lost: %s" % (where, len(lost), ", ".join(lost[:8])),
                 self)
        shutil.rmtree(out)
        return len(in_inbox)


def run(tmp, after, seed, files):
    m = Machine(os.path.join(tmp, "%s-%d" % (after, seed)), after, seed,
                files)
    try:
        waiting = 0
        for i in range(CUTS):
            # Two cuts in three fall right after the Nth create, sync,
            # rename or unlink precisd makes on the filesystem, so that they land inside a batch, between a commit
            # and its sync, between the syncs; the others after a random
            # time.  Either way precisd stops dead at once after.
            cut_at = m.rng.randint(1, 24) if i % 3 != 2 else None
            m.power_on(harsh=(i % 2 == 1), cut_at=cut_at)
            m.start()
            m.arrive(m.rng.randint(1, 12))
            if cut_at is not None:
                m.fs.send_signal(signal.SIGUSR1)
            end = time.monotonic() + m.rng.uniform(0, 2.5)
            while time.monotonic() < end and \
                    not os.path.exists(m.image + ".cut"):
                time.sleep(0.005)
            m.cut()
            waiting = m.check()
        m.power_on(harsh=False)
        m.start()
        def left():
            return [n for n in os.listdir(m.inbox) if not n.startswith(".")]
        end = time.monotonic() + DEADLINE
        while left():
            if time.monotonic() > end:
                fail("%s seed %d: still in the inbox after the last round: "
                     "%s" % (after, seed, " ".join(left())), m)
            time.sleep(0.02)
        m.stop()
        m.check(final=True)
        print("ok: after = %s, seed %d: %d cuts, %d files, last cut left "
              "%d in the inbox; all stored, none doubled"
              % (after, seed, m.cuts, len(m.arrived), waiting))
        return m.cuts
    finally:
        m.kill()


def main():
    if not POWERFS or not os.path.exists(POWERFS):
        skip("no powerfs (libfuse3-dev missing at build time)")
    if not PRECISD:
        fail("PRECISD_BIN is not set")
    if not os.path.isdir(CORPUS):
        skip("no corpus at " + CORPUS + " (../shared absent)")
    if not os.path.exists("/dev/fuse"):
        skip("no /dev/fuse")
    files = sorted(os.path.join(CORPUS, n) for n in os.listdir(CORPUS))
    tmp = tempfile.mkdtemp(prefix="power-cut.")
    cuts = 0
    t0 = time.monotonic()
    try:
        for seed in SEEDS:
            for after in ("delete", "move"):
                cuts += run(tmp, after, seed, files)
    finally:
        if os.environ.get("KEEP"):
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("files seen at the cuts: " +
          ", ".join("%s %d" % kv for kv in STATS.items()))
    print("ok: %d power cuts, 0 lost, 0 doubled, integrity ok (%.0f s)"
          % (cuts, time.monotonic() - t0))


if __name__ == "__main__":
    main()
