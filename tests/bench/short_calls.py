# A program of short calls: g calls f about four million times a second (f is a 12-step loop,
# about 0.25 us). Lines: f's loop is lines 7-8, its return line 9; g's call line 16.
# usage: short_calls.py SECONDS   (works on Python 2.7 and 3.x)
import sys, time
def f(n):
    s = 0
    for i in range(n):
        s += i
    return s

def g(seconds):
    t = 0
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(200):
            t += f(12)
    return t

if __name__ == "__main__":
    g(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
