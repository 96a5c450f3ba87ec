#!/usr/bin/env python3
"""Make the hostile inputs of tests/e2e/hostile-*.sh at test time (nothing
big is committed).  Usage: gen.py OUTDIR ARTICLE [CASE...]; ARTICLE is a
real article (for the text cases).  Without CASE, every content case is
written.  Each case is one file named after it; `gen.py --list` prints
the case names."""
import gzip
import os
import struct
import sys
import zlib


def png():
    # A real 16x16 grey PNG: signature, IHDR, IDAT, IEND.
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\0" + bytes(range(16)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def cases(art):
    text = art.decode("utf-8")
    words = text.split()
    return {
        # name: bytes
        "empty.txt": b"",
        "elf.txt": open("/bin/true", "rb").read(),
        "image.png": png(),
        "article.txt.gz": gzip.compress(art, mtime=0),
        # Latin-1 bytes in otherwise UTF-8 text: not UTF-8, so decoded as
        # Windows-1252 (DESIGN.md section 2).
        "invalid-utf8.txt": art.replace(b"e", b"\xe9", 3) + b"\nCaf\xe9 \xff\xfe end.\n",
        "utf16-bom.txt": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf16-nobom.txt": text.encode("utf-16-le"),
        "nul-middle.txt": art[:len(art) // 2] + b"\0" + art[len(art) // 2:],
        # 10 MB on one line, no punctuation, no newline.
        "long-line.txt": (b"word " * (10 * 1024 * 1024 // 5))[:10 << 20],
        "many-lines.txt": b"".join(b"w%d\n" % i for i in range(100000)),
        # Resource caps: more sentences than PRECIS_SENTENCES_MAX (200,000),
        # and one 5 MB word (tokens are capped at PRECIS_TOKEN_MAX, and
        # sentences at PRECIS_SENTENCE_MAX bytes).
        "many-sentences.txt": b"Go now. " * 250000,
        "long-word.txt": b"a" * (5 << 20),
        "deep.html": (b"<html><head><title>Deep</title></head><body>" +
                      b"<div>" * 100000 + b"<p>" + art + b"</p>" +
                      b"</div>" * 100000 + b"</body></html>"),
        "scripts-only.html": (b"<html><head><title></title><style>p{}" +
                              b"</style><script>var a = 1;</script></head>" +
                              b"<body><script>document.write('x')</script>" +
                              b"<style>body{}</style><noscript></noscript>" +
                              b"</body></html>"),
        # Billion laughs (an internal DTD subset the HTML parser must not
        # expand) and a million plain entity references.
        "entity-bomb.html": (b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">' +
                             b"".join(b'<!ENTITY %c "%s">' % (
                                 98 + i, (b"&%c;" % (97 + i)) * 10)
                                 for i in range(9)) +
                             b']><html><body><p>&j; &j; &j;</p><p>' +
                             b"&amp;&lt;&#x41;&eacute;" * 250000 +
                             b"</p></body></html>"),
        "nested-list.md": (b"# Nested\n\n" +
                           b"".join(b"  " * i + b"- item %d\n" % i
                                    for i in range(2000)) +
                           b">" * 20000 + b" quote\n\n" + art),
        # One byte over max_bytes: hostile-content.sh sets 11 MiB, so that
        # the 10 MB line is under it.
        "over-max.txt": (art * (1 + (11 << 20) // len(art)))[:(11 << 20) + 1],
    }


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(cases(b"x. y.")))
        return 0
    out, article = sys.argv[1], sys.argv[2]
    with open(article, "rb") as f:
        art = f.read()
    want = sys.argv[3:]
    for name, data in cases(art).items():
        if want and name not in want:
            continue
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
