#!/usr/bin/env python3
"""Write N distinct small news-like articles as plain-text files.
Usage: gen-articles.py OUTDIR FIRST COUNT.  Article K (FIRST <= K <
FIRST + COUNT) is the same bytes whenever it is generated, so two folders
made with overlapping ranges share exactly the overlapping articles."""
import os
import sys

PLACES = ["Aberdeen", "Bristol", "Cork", "Dundee", "Exeter", "Falkirk",
          "Galway", "Hull", "Inverness", "Leeds"]
THINGS = ["library", "harbour", "bridge", "school", "market", "museum",
          "railway", "hospital", "park", "theatre"]


def article(k):
    place = PLACES[k % len(PLACES)]
    thing = THINGS[(k // len(PLACES)) % len(THINGS)]
    return (f"{place} {thing} plan number {k} approved\n\n"
            f"Councillors in {place} approved plan number {k} for the "
            f"town's {thing} on Monday after a long debate. The plan sets "
            f"aside {k % 97 + 3} million pounds over {k % 7 + 2} years. "
            f"Local residents said the {thing} had been neglected for "
            f"decades. Work on scheme {k} is expected to start in the "
            f"spring, officials said.\n")


def main():
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for k in range(first, first + count):
        with open(os.path.join(out, f"a{k:05d}.txt"), "w") as f:
            f.write(article(k))


if __name__ == "__main__":
    main()
