import collections, sys
counts = collections.Counter()
with open(sys.argv[1], "rb") as f:
    counts.update(f)
print(len(counts), sum(counts.values()))
