#!/usr/bin/env python3
"""Write N distinct, real-looking news articles into OUT for the end-to-end
tests, from the hand-written fixtures in tests/data/articles.

Usage: make-corpus.py OUT N

The first files are the fixtures as they are; after those, each file is a
fixture with its body paragraphs in another order and a closing paragraph
of its own, so every file has different bytes (a different hash) and still
reads as an article.  Files are named NNNN-<fixture>.txt, so `ls` lists
them in the order they were made.  Deterministic: the same N gives the same
bytes on every machine."""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "data", "articles")

PLACES = ["the capital", "the coast", "the north", "the south-west",
          "the border towns", "the valleys", "the islands", "the east"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def closing(i, rng):
    month = MONTHS[rng.randrange(12)]
    return (f"Officials in {PLACES[i % len(PLACES)]} said they would publish "
            f"a further update in {month}. The figures in this report were "
            f"checked on {rng.randrange(1, 29)} {month} against "
            f"{rng.randrange(2, 40)} sources (reference {i:05d}).")


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    names = sorted(f for f in os.listdir(SRC) if f.endswith(".txt"))
    texts = []
    for name in names:
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            texts.append(f.read().strip("\n").split("\n\n"))
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        k = i % len(names)
        paras = list(texts[k])
        if i >= len(names):
            rng = random.Random(i)
            body = paras[1:]
            # The lead stays first, as in a real story.
            rest = body[1:]
            rng.shuffle(rest)
            paras = [paras[0], body[0]] + rest + [closing(i, rng)]
        stem = names[k][:-4]
        with open(os.path.join(out, f"{i:04d}-{stem}.txt"), "w",
                  encoding="utf-8") as f:
            f.write("\n\n".join(paras) + "\n")


if __name__ == "__main__":
    main()
