# A program of short calls of several shapes: top calls mid (which calls leaf, short_calls.f,
# three times) and other (which calls the C function sum), 100 times between two clock reads.
# Blocking puts about half the samples in leaf, 15 % in mid, a quarter in other, 8-10 % in top.
# usage: mixed_calls.py SECONDS
import sys, time
from short_calls import f as leaf  # the same 12-step loop, in short_calls.py
def mid(k):
    t = 0
    for _ in range(k):
        t += leaf(8)
    return t
def other(n):
    return sum(range(n))
def top(seconds):
    end = time.time() + seconds
    acc = 0
    while time.time() < end:
        for j in range(100):
            acc += mid(3)
            acc += other(40)
    return acc
top(float(sys.argv[1]))
