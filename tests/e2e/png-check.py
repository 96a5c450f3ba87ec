#!/usr/bin/env python3
"""Look at a screenshot of the HTML digest (tests/e2e/digest-html.sh).

usage: png-check.py PNG WIDTH light|dark

Decodes the PNG (8-bit RGB or RGBA, as Chromium writes it) with zlib alone
and checks: the width; the page background (the top-left pixel) is light
or dark as asked; text was drawn (enough pixels far from the background);
and nothing touches the left or right edge: the 8 outermost columns on
each side are background, so no line runs off a phone's screen.
"""
import struct
import sys
import zlib


def fail(msg):
    print("FAIL: %s: %s" % (sys.argv[1], msg))
    sys.exit(1)


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        fail("unexpected PNG layout %r" % (ihdr,))
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main():
    path, want_w, scheme = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    w, h, bpp, rows = decode(path)
    if w != want_w:
        fail("width %d, want %d" % (w, want_w))
    bg = tuple(rows[0][0:3])
    lum = (299 * bg[0] + 587 * bg[1] + 114 * bg[2]) / 1000
    if scheme == "light" and lum < 200:
        fail("background %r is not light" % (bg,))
    if scheme == "dark" and lum > 60:
        fail("background %r is not dark" % (bg,))

    def far(px):
        return sum(abs(px[k] - bg[k]) for k in range(3)) > 60

    inked = edge = 0
    for y in range(h):
        r = rows[y]
        for x in range(0, w, 2):
            if far(r[x * bpp:x * bpp + 3]):
                inked += 1
                if x < 8 or x >= w - 8:
                    edge += 1
    share = inked / (h * w / 2)
    if share < 0.02:
        fail("almost nothing drawn (%.1f%% of pixels)" % (100 * share))
    if edge:
        fail("%d pixels drawn at the left or right edge: something overflows" % edge)
    print("%s: %dx%d, %s background %r, %.1f%% inked, edges clear"
          % (path, w, h, scheme, bg, 100 * share))


main()
