# A loop that goes between two functions of a few µs: a() runs NA steps, b() NB (by default half
# as many), so b takes about a third of the time. Read without pausing, a sample whose current
# call ends while the sample is verified tears, and the shorter call tears more often: b's share
# shows how far the samples lean towards the longer call (--blocking gives the true one).
# usage: alternating_calls.py SECONDS NA [NB]
import sys, time
NA = int(sys.argv[2])
NB = int(sys.argv[3]) if len(sys.argv) > 3 else NA // 2
def a():
    s = 0
    for i in range(NA): s += i
    return s
def b():
    s = 0
    for i in range(NB): s += i
    return s
def p(seconds):
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(100):
            a()
            b()
p(float(sys.argv[1]))
