// A target in its own pid namespace (a container): CPython keeps the thread ids it sees, and the
// reader gives the ids this process sees, so that idle checks, pausing and the profile's threads
// find the right threads. Run under `unshare --pid`; skipped where that is not allowed.
#include "core/model/profile.h"
#include "core/process/process_list.h"
#include "core/sampling/sampler.h"
#include "cpython_test_support.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

// The main thread spins; a thread named "napper" sleeps.
const char* kProgram = R"PY(import os, sys, threading, time
def nap():
    while True:
        time.sleep(0.01)
threading.Thread(target=nap, name="napper").start()
time.sleep(0.2)
open(os.path.join(sys.argv[1], "ready"), "w").close()
def spin():
    while True:
        sum(range(1000))
spin()
)PY";

// The first child of `pid` (unshare --fork's), 0 when none.
int childOf(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    int child = 0;
    in >> child;
    return child;
}

class CpythonNamespaceTest : public ::testing::TestWithParam<Interpreter> {};

} // namespace

TEST_P(CpythonNamespaceTest, ThreadIdsAreOursAndIdleThreadsAreFound) {
    if (access("/usr/bin/unshare", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/unshare";
    TempDir dir("namespaced");
    writeFile(dir.path() + "/namespaced.py", kProgram);
    ChildProcess unshare({"/usr/bin/unshare", "--pid", "--fork", "--kill-child", "--mount-proc",
                          GetParam().path, dir.path() + "/namespaced.py", dir.path()});
    if (!waitForFile(unshare, dir.path() + "/ready", 30))
        GTEST_SKIP() << "unshare --pid is not allowed here (or the program did not start)";
    const int pid = childOf(unshare.pid());
    ASSERT_GT(pid, 0);
    auto opened = cpython::PythonStackReader::open(pid);
    ASSERT_TRUE(opened) << opened.error().message;
    cpython::PythonStackReader& reader = **opened;

    const std::set<int64_t> ours = process::processThreadIds(pid);
    ASSERT_EQ(ours.size(), 2u);
    Profile profile;
    std::vector<ThreadStack> stacks;
    int good = 0;
    for (int i = 0; i < 200 && good < 5; ++i) {
        if (!reader.readStacks(profile, stacks)) continue;
        ASSERT_EQ(stacks.size(), 2u);
        std::set<int64_t> seen;
        for (const ThreadStack& t : stacks) {
            seen.insert(int64_t(t.nativeThreadId));
        }
        EXPECT_EQ(seen, ours) << "read " << i;
        ++good;
    }
    ASSERT_EQ(good, 5);

    // Sampling with idle threads left out, a sample every 2 ms: the napper, asleep most of the
    // time, is found idle (by its /proc entry, under our id) in most samples. (Not in all: on a
    // loaded machine it may wait a while for a CPU once its nap is over.)
    SamplerOptions options;
    options.includeIdle = false;
    Profile sampled;
    Sampler quiet(reader, sampled, options);
    size_t appended = 0;
    size_t taken = 0;
    for (int i = 0; i < 50; ++i) {
        if (auto n = quiet.sampleOnce(i * 2'000'000)) {
            appended += *n;
            ++taken;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_GT(taken, 30u);
    EXPECT_LT(appended, taken + taken / 2) << "the napper was idle in too few samples";
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonNamespaceTest, ::testing::ValuesIn(findInterpreters()),
                         interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonNamespaceTest);
