#!/usr/bin/env python3
"""Import speed of several builds, side by side: each run times `cat` of the
corpus, then `precis import` of it into a fresh store by every build in
turn, so that the host's own drift (this machine's speed moves by 10-20 %
from one minute to the next) falls on all of them alike.  Prints the median
wall time, the median CPU time and the ratio to `cat` of each.  Not a CTest
test; tests/bench/bench-import.sh is the one-build benchmark.

usage: tests/bench/bench-import-ab.py RUNS LABEL=PRECIS-BIN... [--corpus DIR]
default corpus: ../shared/corpus/bbc-dev/articles"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "..", "shared", "corpus", "bbc-dev", "articles")
if "--corpus" in args:
    i = args.index("--corpus")
    corpus = args[i + 1]
    del args[i:i + 2]
if len(args) < 2 or not args[0].isdigit():
    sys.exit(__doc__)
runs = int(args[0])
builds = [a.split("=", 1) for a in args[1:]]
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
               if not f.startswith("."))
wall, cpu = {}, {}


def timed(key, cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 2):  # 2: some file failed, still a run
        sys.exit("%s failed (%d): %s" % (key, r.returncode, r.stderr.decode()))
    wall.setdefault(key, []).append(t)
    cpu.setdefault(key, []).append(r1.ru_utime - r0.ru_utime +
                                   r1.ru_stime - r0.ru_stime)


subprocess.run(["cat"] + files, stdout=subprocess.DEVNULL)
for _ in range(runs):
    timed("cat", ["cat"] + files)
    for label, binary in builds:
        d = tempfile.mkdtemp(prefix="precis-ab-")
        timed(label, [binary, "--db", os.path.join(d, "s.db"), "import",
                      corpus])
        shutil.rmtree(d)
print("corpus: %s (%d files); %d runs; load %.2f" %
      (corpus, len(files), runs, os.getloadavg()[0]))
base = statistics.median(wall["cat"])
for key in ["cat"] + [label for label, _ in builds]:
    print("%-12s median %5.0f ms (min %5.0f)  CPU %5.0f ms  %.2fx cat" %
          (key, statistics.median(wall[key]) * 1000, min(wall[key]) * 1000,
           statistics.median(cpu[key]) * 1000,
           statistics.median(wall[key]) / base))
