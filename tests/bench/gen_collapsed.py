#!/usr/bin/env python3
"""Writes a large py-spy-style folded-stack file for the collapsed-read benchmark.

Default: 1,000,000 lines over 100,000 distinct stacks, 5 to 40 frames deep, frames written
`function (/full/path/file.py:line)` as `py-spy record -f raw` does, about 1.3 GB. Stacks grow
from shared prefixes (as real call trees do), over 8,000 functions that each call out from 1 to 4
lines; lines draw stacks with a skewed distribution; each stack has one count of 1 to 50, so there
are as many distinct lines as distinct stacks. Deterministic for a given seed.

usage: gen_collapsed.py [OUT] [--lines N] [--stacks N] [--seed N] [--shape leaves|random]
"""
import argparse
import os
import random


def make_functions(rng, count):
    roots = [
        "/usr/lib/python3.11/json/",
        "/usr/lib/python3.11/",
        "/srv/venv/lib/python3.11/site-packages/np/",
        "/srv/venv/lib/python3.11/site-packages/pd/",
        "/srv/app/pipeline/",
        "/srv/app/storage/",
    ]
    words = ["load", "parse", "batch", "frame", "index", "query", "merge", "apply", "encode",
             "decode", "reduce", "flush", "handle", "resolve", "store", "fetch", "split"]
    files = []
    for i in range(400):
        files.append(rng.choice(roots) + "%s%d.py" % (rng.choice(words), i))
    funcs = []
    for i in range(count):
        name = "%s_%d" % (rng.choice(words), i)
        if rng.random() < 0.3:
            name = "%s.%s" % (rng.choice(words).capitalize(), name)
        # A function calls out from a few lines of its body, as real code does.
        first = rng.randint(1, 2000)
        lines = sorted(first + rng.randint(0, 80) for _ in range(rng.randint(1, 4)))
        funcs.append((name, rng.choice(files), lines))
    return funcs


def frame_text(rng, funcs):
    name, path, lines = rng.choice(funcs)
    return "%s (%s:%d)" % (name, path, rng.choice(lines))


def make_stacks(rng, funcs, count, shape):
    # shape "leaves" (default): a new stack is an earlier one with its last 1 to 6 frames replaced,
    # as real call trees branch mostly near the leaves. shape "random": a random-length prefix of
    # an earlier stack plus fresh frames up to a random depth, a harsher case with ~3x the trie
    # nodes.
    stacks = []
    seen = set()
    roots = [[frame_text(rng, funcs) for _ in range(3)] for _ in range(20)]
    while len(stacks) < count:
        if stacks and rng.random() < 0.95:
            base = rng.choice(stacks)
            if shape == "leaves":
                depth = min(40, max(5, len(base) + rng.randint(-6, 5)))
                keep = max(1, min(len(base), depth) - rng.randint(1, 6))
            else:
                depth = rng.randint(5, 40)
                keep = rng.randint(1, min(len(base), depth - 1))
            frames = base[:keep]
        else:
            depth = rng.randint(5, 40)
            frames = list(rng.choice(roots))[: depth - 1]
        while len(frames) < depth:
            frames.append(frame_text(rng, funcs))
        text = ";".join(frames)
        if text in seen:
            continue
        seen.add(text)
        stacks.append(frames)
    return [";".join(s) for s in stacks]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=os.path.join(os.path.dirname(__file__), "data", "collapsed-1m.txt"))
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--stacks", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shape", choices=["leaves", "random"], default="leaves")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    funcs = make_functions(rng, 8_000)
    stacks = make_stacks(rng, funcs, args.stacks, args.shape)
    rng.shuffle(stacks)  # so the hot stacks below are a fair draw of depths
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".part"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        # Every stack at least once, then a skewed draw (hot stacks repeat most).
        order = list(range(len(stacks)))
        extra = args.lines - len(order)
        n = len(stacks)
        order += [min(n - 1, int(rng.paretovariate(1.2) * 50) - 50) if rng.random() < 0.5
                  else rng.randrange(n) for _ in range(max(0, extra))]
        rng.shuffle(order)
        # Each stack keeps one count, so the file has as many distinct lines as distinct stacks
        # (as when several raw files of one program are concatenated).
        lines = ["%s %d\n" % (s, rng.randint(1, 50)) for s in stacks]
        batch = []
        for i in order[: args.lines]:
            batch.append(lines[i])
            if len(batch) >= 10_000:
                f.write("".join(batch))
                batch.clear()
        f.write("".join(batch))
    os.replace(tmp, args.out)
    print("%s: %d lines, %d distinct stacks, %.2f GB" % (args.out, args.lines, len(stacks),
                                                          os.path.getsize(args.out) / 1e9))


if __name__ == "__main__":
    main()
