#pragma once
// Python programs the integration tests profile. They run on 2.7 and 3.6–3.13 alike; each prints
// "ready" once its workload runs, and ends by itself after `seconds`. Lines the tests look for
// carry a "# LINE:" marker.
#include <string>

namespace spyglass::testing {

// Methods of nested classes, a recursion 200 frames deep, code compiled from a string, a
// non-ASCII function name (Python 3), and a named worker thread.
inline std::string featuresProgram(bool python3, double seconds) {
    std::string s = R"PY(# -*- coding: utf-8 -*-
import sys, threading, time
try:
    range = xrange
except NameError:
    pass

def burn(n):
    s = 0
    for i in range(n): s += i * i  # LINE:burn
    return s

class Outer(object):
    class Inner(object):
        def method(self):
            s = 0
            for i in range(40000): s += i * i  # LINE:method
            return s

def leaf_of_recursion():
    s = 0
    for i in range(40000): s += i * i  # LINE:leaf
    return s

def recurse(depth):
    if depth <= 1:
        return leaf_of_recursion()  # LINE:callleaf
    return recurse(depth - 1)  # LINE:recurse

GENERATED = "def generated_fn():\n    s = 0\n    for i in range(40000): s += i * i\n    return s\n"
namespace = {"range": range}
exec(compile(GENERATED, "<generated>", "exec"), namespace)

def worker_loop():
    while True:
        burn(20000)  # LINE:worker
        time.sleep(0.002)

)PY";
    if (python3)
        s += "def вычислить_λ():\n"
             "    s = 0\n"
             "    for i in range(40000): s += i * i  # LINE:unicode\n"
             "    return s\n\n";
    // (2.7 identifiers are ASCII only: no such function there.)
    s += R"PY(
worker = threading.Thread(target=worker_loop, name="spyglass-worker")
worker.daemon = True
worker.start()
sys.setrecursionlimit(5000)
inner = Outer.Inner()
end = time.time() + SECONDS
sys.stdout.write("ready\n")
sys.stdout.flush()
while time.time() < end:
    inner.method()
    recurse(200)
    namespace["generated_fn"]()
    # Let the worker in: 2.7's GIL goes back to the thread that just released it, and on a busy
    # machine a waiting thread can starve for the whole recording.
    time.sleep(0.0005)
)PY";
    if (python3) s += "    вычислить_λ()\n";
    const size_t at = s.find("SECONDS");
    s.replace(at, 7, std::to_string(seconds));
    return s;
}

// hot() does 70 % of the work, cold() 30 %, in small alternating slices.
inline std::string shareProgram(double seconds) {
    std::string s = R"PY(import sys, time
try:
    range = xrange
except NameError:
    pass

def hot():
    s = 0
    for i in range(7000): s += i * i
    return s

def cold():
    s = 0
    for i in range(3000): s += i * i
    return s

end = time.time() + SECONDS
sys.stdout.write("ready\n")
sys.stdout.flush()
while time.time() < end:
    for _ in range(10):
        hot()
        cold()
)PY";
    s.replace(s.find("SECONDS"), 7, std::to_string(seconds));
    return s;
}

// The main thread computes; a second thread sleeps. For --gil and --idle.
inline std::string sleeperProgram(double seconds) {
    std::string s = R"PY(import sys, threading, time
try:
    range = xrange
except NameError:
    pass

def sleeper():
    while True:
        time.sleep(10)  # LINE:sleep

def busy():
    s = 0
    for i in range(20000): s += i * i  # LINE:busy
    return s

t = threading.Thread(target=sleeper, name="sleeper")
t.daemon = True
t.start()
end = time.time() + SECONDS
sys.stdout.write("ready\n")
sys.stdout.flush()
while time.time() < end:
    busy()
)PY";
    s.replace(s.find("SECONDS"), 7, std::to_string(seconds));
    return s;
}

} // namespace spyglass::testing
