#pragma once
// The Python program the stack-reader tests read: a known call chain per thread, each parked in a
// long sleep so its stack stays put, and a main thread spinning far down a 140,000-line file.
// The program writes what CPython itself reports for its threads (sys._current_frames(): names,
// qualified names, files, f_lineno, thread names and native ids) to an "oracle" JSON file, then
// creates a "ready" file. Written to be valid Python 2.7 and 3.x.
#include <string>

#include "cpython_test_support.h"

namespace spyglass::testing {

inline constexpr int kPaddingLines = 70000;

inline std::string padding(int lines, const char* what) {
    std::string s;
    s.reserve(static_cast<size_t>(lines) * 24);
    for (int i = 0; i < lines; ++i) s += std::string("# padding ") + what + "\n";
    return s;
}

inline const char* kWorkloadHead = R"PY(# -*- coding: utf-8 -*-
import sys, threading, time, json, os
PY3 = sys.version_info[0] >= 3
READY, ORACLE, HERE = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, HERE)

def sleeper_leaf():
    while True:
        time.sleep(3600)  # @sleep-leaf

def recurse(n):
    if n == 0:
        sleeper_leaf()  # @recurse-bottom
    else:
        recurse(n - 1)  # @recurse-step

def ticker():
    while True:
        time.sleep(3600)  # @ticker-sleep
        yield 1

def consume():
    for _ in ticker():  # @consume-for
        pass

SRC = "x = 1\n\ndef from_string():\n    while True:\n        __import__('time').sleep(3600)\n"

def run_compiled():
    ns = {}
    exec(compile(SRC, "<generated-code>", "exec"), ns)
    ns["from_string"]()  # @compiled-call

def negative_delta():
    while True:
        time.sleep(  # @negative-call
            3600     # @negative-arg
        )

def start(target, name):
    t = threading.Thread(target=target, name=name)
    t.daemon = True
    t.start()

start(lambda: recurse(200), "recursor")
start(consume, "gen-thread")
start(run_compiled, "compiled")
start(negative_delta, "negative")
if PY3:
    import unicode_names  # non-ASCII identifiers are a syntax error for 2.7's parser
    unicode_names.launch(start)
if sys.version_info >= (3, 5):
    import coros
    start(coros.drive, "coro-thread")

)PY";

inline const char* kWorkloadFarFunction = R"PY(
def far_function():
    x = 0  # @far-start
)PY";

inline const char* kWorkloadTail = R"PY(    while True:  # @far-while
        x += 1  # @far-body

class Outer(object):
    def method(self):
        far_function()  # @outer-call

def oracle():
    time.sleep(0.5)
    frames = sys._current_frames()
    out = []
    for t in threading.enumerate():
        if t is threading.current_thread():
            continue
        stack = []
        f = frames.get(t.ident)
        while f is not None:
            code = f.f_code
            stack.append([code.co_name, getattr(code, "co_qualname", code.co_name), code.co_filename, f.f_lineno])
            f = f.f_back
        out.append({"ident": t.ident, "name": t.name, "native_id": getattr(t, "native_id", None),
                    "frames": stack})
    main = {"ident": threading.current_thread().ident, "pid": os.getpid()}
    with open(ORACLE + ".tmp", "w") as fh:
        json.dump({"threads": out, "main": main}, fh)
    os.rename(ORACLE + ".tmp", ORACLE)
    open(READY, "w").close()

oracle()
Outer().method()  # @module-call
)PY";

inline const char* kUnicodeModule = R"PY(# -*- coding: utf-8 -*-
import time

def grüße_λ():
    while True:
        time.sleep(3600)  # @unicode-sleep

class Ünïcode:
    def méthode(self):
        grüße_λ()  # @unicode-call

def launch(start):
    start(Ünïcode().méthode, "ünïcode-thread")
)PY";

inline const char* kCoroModule = R"PY(import time

async def coro_leaf():
    while True:
        time.sleep(3600)  # @coro-sleep

async def coro_outer():
    await coro_leaf()  # @coro-await

def drive():
    coro_outer().send(None)  # @coro-drive
)PY";

inline std::string workloadSource() {
    return std::string(kWorkloadHead) + padding(kPaddingLines, "before far_function") + kWorkloadFarFunction +
           padding(kPaddingLines, "inside far_function") + kWorkloadTail;
}

// The 1-based line holding `marker` ("@far-body") in `text`, 0 when absent.
inline int lineOf(const std::string& text, const std::string& marker) {
    const size_t at = text.find(marker);
    if (at == std::string::npos) return 0;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// A running workload: its directory (non-ASCII name), the main script's text and the child.
struct Workload {
    TempDir dir{"tëst-ünïcode-dïr"};
    std::string script;
    std::string source;
    std::string oracle;
    ChildProcess child;

    // Starts `python` on the workload and waits for its oracle; false when it did not come up.
    bool start(const std::string& python) {
        source = workloadSource();
        script = dir.path() + "/wörkload_main.py";
        oracle = dir.path() + "/oracle.json";
        writeFile(script, source);
        writeFile(dir.path() + "/unicode_names.py", kUnicodeModule);
        writeFile(dir.path() + "/coros.py", kCoroModule);
        const std::string ready = dir.path() + "/ready";
        if (!child.start({python, "-B", script, ready, oracle, dir.path()})) return false;
        return waitForFile(child, ready, 60);
    }
};

} // namespace spyglass::testing
