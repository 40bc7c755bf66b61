#!/usr/bin/env python3
"""Writes a large speedscope JSON file for the speedscope-read benchmark.

Default: about 100 MB, shaped like py-spy's output: minified, "profiles" before "shared" (so a
reader cannot rely on having the frames first), 4 sampled profiles (threads) in seconds with
float weights, 100,000 distinct stacks 5 to 40 frames deep drawn from 50,000 frames with full
paths. Stacks grow from shared prefixes as real call trees do; samples draw them with a skewed
distribution. Deterministic for a given seed.

usage: gen_speedscope.py [OUT] [--mb N] [--stacks N] [--frames N] [--threads N] [--seed N]
"""
import argparse
import json
import os
import random


def make_frames(rng, count):
    roots = ["/usr/lib/python3.11/json/", "/usr/lib/python3.11/",
             "/srv/venv/lib/python3.11/site-packages/numpy/",
             "/srv/venv/lib/python3.11/site-packages/pandas/",
             "/srv/app/src/pipeline/", "/srv/app/src/storage/"]
    words = ["load", "parse", "batch", "frame", "index", "query", "merge", "apply", "encode",
             "decode", "reduce", "flush", "handle", "resolve", "store", "fetch", "split"]
    files = [rng.choice(roots) + "%s%d.py" % (rng.choice(words), i) for i in range(600)]
    frames = []
    for i in range(count):
        name = "%s_%d" % (rng.choice(words), i % 20000)
        if rng.random() < 0.3:
            name = "%s.%s" % (rng.choice(words).capitalize(), name)
        frames.append({"name": name, "file": rng.choice(files), "line": rng.randint(1, 2400)})
    return frames


def make_stacks(rng, frame_count, count):
    stacks, seen = [], set()
    roots = [[rng.randrange(frame_count) for _ in range(3)] for _ in range(20)]
    while len(stacks) < count:
        depth = rng.randint(5, 40)
        if stacks and rng.random() < 0.9:
            base = rng.choice(stacks)
            frames = base[: rng.randint(1, min(len(base), depth - 1))]
        else:
            frames = list(rng.choice(roots))[: depth - 1]
        while len(frames) < depth:
            frames.append(rng.randrange(frame_count))
        key = tuple(frames)
        if key in seen:
            continue
        seen.add(key)
        stacks.append(frames)
    return ["[" + ",".join(map(str, s)) + "]" for s in stacks]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?",
                    default=os.path.join(os.path.dirname(__file__), "data", "speedscope-100mb.json"))
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--stacks", type=int, default=100_000)
    ap.add_argument("--frames", type=int, default=50_000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    frames = make_frames(rng, args.frames)
    stacks = make_stacks(rng, args.frames, args.stacks)
    frames_json = json.dumps({"frames": frames}, separators=(",", ":"))
    budget = int(args.mb * 1e6) - len(frames_json) - 300
    n = len(stacks)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".part"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"$schema":"https://www.speedscope.app/file-format-schema.json","profiles":[')
        per_thread = budget // args.threads
        total = 0
        for t in range(args.threads):
            samples, weights, size = [], [], 0
            while size < per_thread:
                i = min(n - 1, int(rng.paretovariate(1.2) * 50) - 50) if rng.random() < 0.5 else rng.randrange(n)
                samples.append(stacks[i])
                weights.append("0.01")
                size += len(stacks[i]) + 6
            total += len(samples)
            f.write('%s{"type":"sampled","name":"Thread %d","unit":"seconds","startValue":0,'
                    '"endValue":%.2f,"samples":[' % ("," if t else "", 1000 + t, len(samples) * 0.01))
            f.write(",".join(samples))
            f.write('],"weights":[')
            f.write(",".join(weights))
            f.write("]}")
        f.write('],"shared":' + frames_json)
        f.write(',"activeProfileIndex":0,"exporter":"gen_speedscope.py","name":"benchmark"}\n')
    os.replace(tmp, args.out)
    print("%s: %d samples, %d threads, %d distinct stacks, %d frames, %.1f MB" % (
        args.out, total, args.threads, n, args.frames, os.path.getsize(args.out) / 1e6))


if __name__ == "__main__":
    main()
