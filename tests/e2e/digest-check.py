#!/usr/bin/env python3
"""Check a `precis digest` document against the store (tests/e2e/cli-digest.sh).

usage: digest-check.py FORMAT DIGEST-FILE EXPORT-JSONL

EXPORT-JSONL is `precis export` over the same window (oldest first): the
store's own record of every article, read by a different command.  The
digest must hold exactly those articles, newest first, with their ids,
titles, times, summaries and keywords.
"""
import html.parser
import json
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
KEYWORDS = 8


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def expected(path):
    arts = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    # export is oldest first; the digest newest first (ties: higher id first).
    arts.sort(key=lambda a: (a["stored_at"], a["id"]), reverse=True)
    return arts


def summary_text(a):
    return " ".join(s["text"] for s in a["summary"])


def check_atom(doc, arts):
    # libxml2 first: well-formed XML, as a feed reader's parser sees it.
    try:
        subprocess.run(["xmllint", "--noout", doc], check=True)
    except FileNotFoundError:
        fail("xmllint (libxml2-utils) is missing")
    except subprocess.CalledProcessError:
        fail("xmllint rejects the feed")
    root = ET.parse(doc).getroot()
    if root.tag != ATOM + "feed":
        fail("root is %s, not atom:feed" % root.tag)
    # RFC 4287 4.1.1: exactly one id, title, updated; an author for the
    # feed (or every entry).
    for name in ("id", "title", "updated"):
        if len(root.findall(ATOM + name)) != 1:
            fail("feed needs exactly one atom:%s" % name)
    if not re.match(r"^urn:precis:feed:[0-9a-f]{32}$", root.find(ATOM + "id").text):
        fail("feed id %r" % root.find(ATOM + "id").text)
    if not RFC3339.match(root.find(ATOM + "updated").text):
        fail("feed updated %r" % root.find(ATOM + "updated").text)
    author = root.find(ATOM + "author")
    if author is None or not (author.findtext(ATOM + "name") or "").strip():
        fail("feed has no author name")
    entries = root.findall(ATOM + "entry")
    if len(entries) != len(arts):
        fail("%d entries, the store has %d articles in the window" % (len(entries), len(arts)))
    if arts and root.find(ATOM + "updated").text != arts[0]["stored_at"]:
        fail("feed updated is not the newest article's time")
    ids = set()
    for e, a in zip(entries, arts):
        for name in ("id", "title", "updated"):
            if len(e.findall(ATOM + name)) != 1:
                fail("entry needs exactly one atom:%s" % name)
        eid = e.find(ATOM + "id").text
        if eid != "urn:precis:" + a["hash"]:
            fail("entry id %s, want urn:precis:%s (order or id wrong)" % (eid, a["hash"]))
        if eid in ids:
            fail("duplicate entry id " + eid)
        ids.add(eid)
        title = e.find(ATOM + "title")
        if title.get("type", "text") != "text":
            fail("title type " + title.get("type"))
        want_title = a["title"] if a["title"] else "(untitled)"
        if title.text != want_title:
            fail("title %r, want %r" % (title.text, want_title))
        upd = e.find(ATOM + "updated").text
        if not RFC3339.match(upd) or upd != a["stored_at"]:
            fail("updated %r, want %r" % (upd, a["stored_at"]))
        pub = e.find(ATOM + "published")
        if pub is None or pub.text != (a["first_seen"] or a["stored_at"]):
            fail("published %r, want %r" % (pub, a["first_seen"]))
        summ = e.find(ATOM + "summary")
        if summ is None or summ.text != summary_text(a):
            fail("summary of %s differs:\n%r\n%r" % (a["hash"], summ.text if summ is not None else None, summary_text(a)))
        cats = [c.get("term") for c in e.findall(ATOM + "category")]
        if cats != [k["term"] for k in a["keywords"][:KEYWORDS]]:
            fail("categories %r, keywords %r" % (cats, a["keywords"]))
        links = [l for l in e.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
        content = e.find(ATOM + "content")
        if not links and content is None:
            fail("entry with neither alternate link nor content (RFC 4287 4.1.1.1)")
        if links:
            href = links[0].get("href")
            if not href.startswith("file:///"):
                fail("link href %r" % href)
            if urllib.parse.unquote(href[len("file://"):], errors="strict") != a["paths"][-1]:
                fail("link %r does not name %r" % (href, a["paths"][-1]))
            if any(c in href for c in ' "<>\\^`{|}'):
                fail("link %r is not a valid IRI" % href)
    print("atom ok: %d entries, ids round-trip" % len(entries))
    return [e.find(ATOM + "id").text for e in entries], root.find(ATOM + "id").text


class Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.h2 = []
        self.text = None
        self.summaries = []
        self.meta = {}
        self.style = ""
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "h2" or (tag == "p" and attrs.get("class") == "summary"):
            self.text = [tag, ""]
        if tag == "meta":
            self.meta[attrs.get("name") or attrs.get("http-equiv") or "charset"] = attrs.get("content") or attrs.get("charset")
        if tag == "style":
            self.in_style = True

    def handle_endtag(self, tag):
        if self.text is not None and tag == self.text[0]:
            (self.h2 if tag == "h2" else self.summaries).append(self.text[1])
            self.text = None
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.text is not None:
            self.text[1] += data
        if self.in_style:
            self.style += data


def check_html(doc, arts):
    src = open(doc, encoding="utf-8").read()
    if not src.startswith("<!DOCTYPE html>"):
        fail("no doctype")
    p = Html()
    p.feed(src)
    p.close()
    for bad in ("script", "link", "img", "iframe", "object"):
        if bad in p.tags:
            fail("the page has a <%s> element: not self-contained" % bad)
    if "prefers-color-scheme:dark" not in p.style.replace(" ", ""):
        fail("no dark scheme in the stylesheet")
    if "width=device-width" not in (p.meta.get("viewport") or ""):
        fail("no viewport meta for phones")
    if "default-src 'none'" not in (p.meta.get("Content-Security-Policy") or ""):
        fail("no content security policy")
    if "url(" in p.style or "@import" in p.style:
        fail("the stylesheet fetches something")
    want = [a["title"] or "(untitled)" for a in arts]
    if p.h2 != want:
        fail("html titles %r, want %r" % (p.h2, want))
    if p.summaries != [summary_text(a) for a in arts]:
        fail("html summaries differ")
    print("html ok: %d articles" % len(p.h2))


def check_text(doc, arts, markdown):
    src = open(doc, encoding="utf-8").read()
    pos = 0
    for a in arts:
        t = a["title"] or "(untitled)"
        if markdown:
            t = "## " + re.sub(r"([\\`*_\[\]<>#|!~&])", r"\\\1", t)
        at = src.find(t + "\n", pos)
        if at < 0:
            fail("%r missing or out of order" % t)
        pos = at + len(t)
    print("%s ok: %d articles in order" % ("markdown" if markdown else "text", len(arts)))


def main():
    fmt, doc, exp = sys.argv[1:4]
    arts = expected(exp)
    if fmt == "atom":
        ids, fid = check_atom(doc, arts)
        if len(sys.argv) > 4:
            json.dump({"feed": fid, "ids": ids}, open(sys.argv[4], "w"))
    elif fmt == "html":
        check_html(doc, arts)
    elif fmt in ("text", "markdown"):
        check_text(doc, arts, fmt == "markdown")
    elif fmt == "json":
        got = json.load(open(doc, encoding="utf-8"))
        if [g["hash"] for g in got] != [a["hash"] for a in arts]:
            fail("json order or articles differ")
        for g, a in zip(got, arts):
            for k in ("id", "hash", "title", "stored_at", "paths", "summary", "keywords"):
                if g[k] != a[k]:
                    fail("json %s of %s differs" % (k, a["hash"]))
        print("json ok: %d articles" % len(got))
    else:
        fail("unknown format " + fmt)


main()
