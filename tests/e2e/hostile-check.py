#!/usr/bin/env python3
"""Check the outcome of every file dropped by a hostile-*.sh test.

Usage: hostile-check.py PRECIS DB INBOX SPEC LOG [WAIT-SECONDS]

SPEC has one line per file: NAME OUTCOME [TEXT], NAME percent-encoded
(so that it may hold newlines and bytes that are not UTF-8):
  NAME stored [TEXT]   stored as an article under INBOX/NAME, with the
                       BLAKE2b-256 of the file's bytes (read from SPEC's
                       side copy, INBOX/../orig/NAME, when it exists, as the
                       file may have been moved), TEXT in the summary
  NAME failed TEXT     a failure recorded for INBOX/NAME whose error
                       contains TEXT, and no article for it
  NAME skipped TEXT    neither stored nor failed; the log says
                       "skipped 'INBOX/NAME': TEXT"
  NAME absent          neither stored nor failed (vanished, ignored)
  NAME maybe           absent, or stored as for "stored" (a file deleted
                       right after it was complete may have been read)
  NAME any             not checked (the test checks it itself)
The store must hold nothing else.  Polls until every line holds or
WAIT-SECONDS pass (default 60), then prints each case's outcome.
"""
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.parse


def run_json(cmd):
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode not in (0, 1):
        return None
    try:
        return json.loads(r.stdout.decode("utf-8", "surrogateescape"))
    except ValueError:
        return None


def key(p):
    """A path as `precis --json` shows it: JSON is UTF-8, so bytes that are
    not UTF-8 come out as '?' (the store keeps the exact bytes, which
    hostile-races.sh checks with sqlite3)."""
    if isinstance(p, bytes):
        p = p.decode("utf-8", "replace")
    return p.replace("\ufffd", "?")


def main():
    precis, db, inbox, spec, logpath = sys.argv[1:6]
    wait = float(sys.argv[6]) if len(sys.argv) > 6 else 60
    binbox = os.fsencode(inbox)
    orig = os.path.join(binbox, b"..", b"orig")
    cases = []
    with open(spec, "rb") as f:
        for line in f:
            parts = line.rstrip(b"\n").split(b" ", 2)
            if not parts[0]:
                continue
            name = urllib.parse.unquote_to_bytes(parts[0].decode())
            what = parts[1].decode()
            text = parts[2].decode() if len(parts) > 2 else ""
            cases.append((name, what, text))

    def state():
        arts = run_json([precis, "--db", db, "list", "--json"])
        fails = run_json([precis, "--db", db, "failures", "--json"])
        if arts is None or fails is None:
            return None
        stored = {}
        for a in arts:
            for p in a["paths"]:
                stored.setdefault(key(p), []).append(a)
        failed = {}
        for x in fails:
            failed.setdefault(key(x["path"]), []).append(x["error"])
        with open(logpath, "rb") as f:
            logtext = f.read()
        return stored, failed, logtext

    def judge(st, final):
        stored, failed, logtext = st
        problems = []
        lines = []
        for name, what, text in cases:
            path = binbox + b"/" + name
            shown = repr(name)[2:-1]
            arts = stored.get(key(path), [])
            errs = failed.get(key(path), [])
            if what == "maybe" and not arts and not errs:
                lines.append(f"{shown}: nothing stored, no failure")
                continue
            if what in ("stored", "maybe"):
                src = os.path.join(orig, name)
                if not os.path.exists(src):
                    src = path
                with open(src, "rb") as f:
                    want = hashlib.blake2b(f.read(), digest_size=32)
                if len(arts) != 1 or errs:
                    problems.append(f"{shown}: want stored, have "
                                    f"{len(arts)} articles, failures {errs}")
                    continue
                if arts[0]["hash"] != want.hexdigest():
                    problems.append(f"{shown}: stored hash differs from "
                                    f"the file's")
                    continue
                if text and final:
                    a = run_json([precis, "--db", db, "show", "--json",
                                  arts[0]["hash"]])
                    summ = " ".join(s["text"] for s in a["summary"]) if a else ""
                    if text not in summ:
                        problems.append(f"{shown}: summary lacks {text!r}: "
                                        f"{summ[:200]!r}")
                        continue
                lines.append(f"{shown}: stored as {arts[0]['hash'][:12]}")
            elif what == "failed":
                if arts or len(errs) != 1 or text not in errs[0]:
                    problems.append(f"{shown}: want failure '{text}', have "
                                    f"{len(arts)} articles, failures {errs}")
                    continue
                lines.append(f"{shown}: failed: {errs[0]}")
            elif what == "skipped":
                needle = b"skipped '" + path + b"': " + text.encode()
                if arts or errs or needle not in logtext:
                    problems.append(f"{shown}: want skipped '{text}', have "
                                    f"{len(arts)} articles, failures {errs}")
                    continue
                lines.append(f"{shown}: skipped: {text}")
            elif what == "any":
                continue
            else:
                if arts or errs:
                    problems.append(f"{shown}: want nothing, have "
                                    f"{len(arts)} articles, failures {errs}")
                    continue
                lines.append(f"{shown}: nothing stored, no failure")
        known = {key(binbox + b"/" + n) for n, _, _ in cases}
        for p in set(stored) | set(failed):
            if p not in known:
                problems.append(f"unexpected entry for {p!r}")
        return problems, lines

    end = time.monotonic() + wait
    while True:
        st = state()
        if st is not None:
            problems, lines = judge(st, False)
            if not problems:
                problems, lines = judge(st, True)
                if not problems:
                    break
        if time.monotonic() > end:
            break
        time.sleep(0.1)
    if st is None:
        print("FAIL: cannot read the store")
        return 1
    for line in lines:
        print("  ok  " + line)
    for p in problems:
        print("  BAD " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
