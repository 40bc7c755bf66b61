"""Spyglass demo target: a small program with a few hot spots and threads, so a new user sees a
live flamegraph the moment Spyglass starts. Runs until stopped (or for --seconds)."""
import json
import math
import re
import sys
import threading
import time


def parse_records(blob):
    return json.loads(blob)


def render_records(records):
    return json.dumps(records, sort_keys=True)


def tokenize(text, pattern=re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+|\S")):
    return pattern.findall(text)


def score(tokens):
    total = 0.0
    for i, tok in enumerate(tokens):
        total += math.sqrt(len(tok) * (i % 7 + 1))
    return total


def handle_request(payload):
    records = parse_records(payload)
    text = render_records(records)
    return score(tokenize(text))


def fibonacci(n):
    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)


def background_worker(stop):
    while not stop.is_set():
        fibonacci(18)
        time.sleep(0.001)


def main():
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else None
    payload = json.dumps([{"id": i, "name": "item%d" % i, "tags": ["a", "b", "c"], "value": i * 1.5}
                          for i in range(200)])
    stop = threading.Event()
    worker = threading.Thread(target=background_worker, args=(stop,), name="background-worker")
    worker.start()
    started = time.time()
    try:
        while seconds is None or time.time() - started < seconds:
            handle_request(payload)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        worker.join()


if __name__ == "__main__":
    main()
