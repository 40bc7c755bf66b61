# A loop that calls two functions at two lines, over and over: x (one step) at line 19, q (N
# steps) at line 20. A stack in which q's frame sits under line 19, or x's under line 20, never
# existed. Reading without pausing, a caller's line that leaves and comes back between the two
# copies of a sample (the loop goes round in about a µs) can pair with the wrong callee.
# usage: two_call_sites.py SECONDS [N]
import sys, time
N = int(sys.argv[2]) if len(sys.argv) > 2 else 30
def x():
    return 1
def q():
    s = 0
    for i in range(N):
        s += i
    return s
def p(seconds):
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(1000):
            x()
            q()
p(float(sys.argv[1]))
