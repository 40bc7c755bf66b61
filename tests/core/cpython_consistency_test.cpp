// Reading a target whose stacks change all the time, without pausing it: code objects created and
// freed by the thousand (so their addresses are reused by other code objects), call chains that
// grow and shrink, generators delegating to generators, threads that come and go. Every read that
// succeeds must be a stack the program can really have; a read that cannot be trusted must say
// Torn. Never a wrong stack.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <regex>

#include "core/model/profile.h"
#include "core/sampling/stack_reader.h"
#include "cpython_test_support.h"

using namespace spyglass;
using namespace spyglass::testing;

namespace {

const char* kChurn = R"PY(import sys, threading, random, time
READY = sys.argv[1]

def make(i):
    src = "def fn_%d(depth):\n    if depth > 0:\n        return fn_%d(depth - 1)\n    return sum(range(20000))\n" % (i, i)
    ns = {}
    exec(compile(src, "<gen-%d>" % i, "exec"), ns)
    return ns["fn_%d" % i]

def churn():
    i = 0
    while True:
        i += 1
        f = make(i % 5000)
        f(random.randint(0, 30))

def level_a(n):
    return level_b(n)

def level_b(n):
    return level_c(n) if n else 0

def level_c(n):
    return level_a(n - 1)

def calls():
    while True:
        level_a(random.randint(1, 40))

# C calling back into Python: every level runs in an evaluation loop of its own (3.12+: an entry
# frame on the C stack), alternating functions so a stack spliced at the wrong level shows.
# It rests at the bottom (a steady stack, as most of a real program's), then unwinds and goes
# down again to another depth.
def nest_a(n):
    return sum(map(nest_b, [n - 1])) if n > 0 else time.sleep(0.001) or 0

def nest_b(n):
    return sum(map(nest_a, [n - 1])) if n > 0 else time.sleep(0.001) or 0

def nested():
    while True:
        nest_a(random.randint(1, 30))

# Generators delegating to generators to random depths: their frames live in the generator
# objects (3.11+: outside the data stack), linked to whoever resumed them, and the innermost
# frame is often a generator's.
def gen_a(n):
    if n > 0:
        for x in gen_b(n - 1):
            yield x
    else:
        for i in range(100):
            yield sum(range(2000))  # the whole chain at rest, mostly

def gen_b(n):
    for x in gen_a(n):
        yield x

def gens():
    while True:
        for _ in gen_a(random.randint(1, 40)):
            pass

def short_lived():
    for _ in range(20000):
        level_a(3)

def start(target, name):
    t = threading.Thread(target=target, name=name)
    t.daemon = True
    t.start()

start(churn, "churn-1")
start(churn, "churn-2")
start(calls, "calls")
start(nested, "nested")
start(gens, "gens")
open(READY, "w").close()
while True:
    t = threading.Thread(target=short_lived)
    t.start()
    t.join()
)PY";

struct Frame {
    std::string name, file;
    uint32_t line;
};

// Why `stack` (innermost first) cannot be a stack of kChurn, or "" when it can.
std::string implausible(const std::vector<Frame>& stack, const std::string& script) {
    static const std::regex gen("<gen-([0-9]+)>"), fn("fn_([0-9]+)");
    static const std::map<std::string, std::vector<std::string>> callers = {
        {"level_a", {"level_c", "calls", "short_lived"}},
        {"level_b", {"level_a"}},
        {"level_c", {"level_b"}},
        {"churn", {"run"}},
        {"calls", {"run"}},
        {"short_lived", {"run"}},
        {"nest_a", {"nest_b", "nested"}},
        {"nest_b", {"nest_a"}},
        {"nested", {"run"}},
        {"gen_a", {"gen_b", "gens"}},
        {"gen_b", {"gen_a"}},
        {"gens", {"run"}},
    };
    for (size_t i = 0; i < stack.size(); ++i) {
        const Frame& f = stack[i];
        std::smatch m, n;
        if (std::regex_match(f.file, m, gen)) {
            // A generated function: its name and file must belong together (a freed and reused
            // code object address must not keep an old name), at one of its lines.
            if (f.name == "<module>") { // the exec of the generated module, called by make (3.12+: RESUME is line 0)
                if (f.line > 1 || i + 1 >= stack.size() || stack[i + 1].name != "make")
                    return f.name + " of " + f.file + " at line " + std::to_string(f.line);
                continue;
            }
            if (!std::regex_match(f.name, n, fn) || n[1] != m[1]) return f.name + " in " + f.file;
            // Line 1 (the def) is a frame that has not run its first instruction yet.
            if (f.line < 1 || f.line > 4) return f.name + " at line " + std::to_string(f.line);
            if (i + 1 < stack.size() && stack[i + 1].name != f.name && stack[i + 1].name != "churn" &&
                stack[i + 1].name != "make")
                return f.name + " called by " + stack[i + 1].name;
            continue;
        }
        if (f.file != script) continue; // threading.py, importlib...: not checked
        auto it = callers.find(f.name);
        if (it == callers.end() || i + 1 >= stack.size()) continue;
        const std::string& caller = stack[i + 1].name;
        bool ok = false;
        for (const auto& c : it->second) ok |= caller == c || caller.ends_with("." + c);
        if (!ok) return f.name + " called by " + caller;
    }
    return {};
}

class CpythonConsistencyTest : public ::testing::TestWithParam<Interpreter> {};

TEST_P(CpythonConsistencyTest, EveryReadIsAPossibleStackOrTorn) {
    TempDir dir("churn");
    const std::string script = dir.path() + "/churn.py";
    writeFile(script, kChurn);
    ChildProcess child({GetParam().path, "-B", script, dir.path() + "/ready"});
    ASSERT_TRUE(waitForFile(child, dir.path() + "/ready", 60));
    auto reader = openPythonProcess(child.pid());
    ASSERT_TRUE(reader.ok()) << reader.error().message;

    Profile profile;
    std::vector<ThreadStack> stacks;
    int good = 0, torn = 0, generated = 0, shortLived = 0, nestedFrames = 0, generatorFrames = 0,
        impossible = 0;
    std::map<std::string, int> tornReasons; // the common ones are printed
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < end) {
        auto r = (*reader)->readStacks(profile, stacks);
        if (!r) {
            ASSERT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
            ++torn;
            ++tornReasons[r.error().message];
            continue;
        }
        ++good;
        for (const auto& s : stacks) {
            std::vector<Frame> frames;
            for (FrameId id : s.frames) {
                const auto& f = profile.frame(id);
                frames.push_back({std::string(profile.functionName(f.function)),
                                  std::string(profile.functionFile(f.function)), f.line});
                generated += frames.back().file.rfind("<gen-", 0) == 0;
                shortLived += frames.back().name == "short_lived";
                nestedFrames += frames.back().name == "nest_b";
                generatorFrames += frames.back().name == "gen_b";
            }
            const std::string why = implausible(frames, script);
            if (!why.empty()) {
                std::string text;
                for (const auto& f : frames) text += "  " + f.name + " (" + f.file + ":" + std::to_string(f.line) + ")\n";
                if (impossible++ < 3) ADD_FAILURE() << "impossible stack read from " << GetParam().label << " (" << why << "):\n" << text;
            }
        }
    }
    std::printf("[ info     ] %s: %d good reads, %d torn, %d generated frames, %d short-lived frames, %d "
                "nested-loop frames, %d generator frames, %d impossible\n",
                GetParam().label.c_str(), good, torn, generated, shortLived, nestedFrames,
                generatorFrames, impossible);
    for (const auto& [why, count] : tornReasons)
        if (count * 20 >= torn) std::printf("[ info     ]   torn %d: %s\n", count, why.c_str());
#ifdef SPYGLASS_SANITIZED
    EXPECT_GT(good, 10);
#else
    EXPECT_GT(good, 50);
#endif
    EXPECT_GT(generated, 0) << "never saw a generated function: the check did not run";
    EXPECT_GT(generatorFrames, 0) << "never saw a generator delegating to another";
    // This target changes its stacks every microsecond in five threads; a steady program tears far
    // less (0 %). The rate depends on how fast a read is against the target's pace, which this
    // VM's drifting speed moves by tens of percent (2.7–3.10, whose frames are heap objects taken
    // from free lists, measured 1.6 to 3.2 torn reads per good one here on the same code), so a
    // sanitized Debug build checks correctness only, and the bound is four torn in five reads.
#ifndef SPYGLASS_SANITIZED
    EXPECT_GT(good * 4, torn) << "four in five reads torn: the reader is of no use on a busy target";
#endif
    EXPECT_GT(shortLived, 0) << "short-lived threads never seen";
    EXPECT_GT(nestedFrames, 0) << "nested evaluation loops never seen";
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonConsistencyTest, ::testing::ValuesIn(findInterpreters()), interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonConsistencyTest);

} // namespace
