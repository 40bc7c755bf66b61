// A thread started while a reader keeps sampling gets its `threading` name soon, on every
// interpreter: the names are read again shortly after the set of threads changes (a new thread
// enters threading._active a moment after it starts running), not only once a second.
#include "core/cpython/python_stack_reader.h"
#include "core/model/profile.h"
#include "cpython_test_support.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

const char* kLateThread = R"PY(import os, sys, threading, time
try:
    range = xrange
except NameError:
    pass
d = sys.argv[1]
def parked():
    open(os.path.join(d, "started"), "w").close()
    while not os.path.exists(os.path.join(d, "quit")):
        time.sleep(0.01)
open(os.path.join(d, "ready"), "w").close()
worker = None
while not os.path.exists(os.path.join(d, "quit")):
    if worker is None and os.path.exists(os.path.join(d, "start")):
        worker = threading.Thread(target=parked, name="late-worker")
        worker.start()
    for i in range(2000): pass
)PY";

class CpythonThreadNamesTest : public ::testing::TestWithParam<Interpreter> {};

} // namespace

TEST_P(CpythonThreadNamesTest, ANewThreadIsNamedWithinAFewSamples) {
    RunningProgram program(GetParam().path, "late", kLateThread);
    ASSERT_TRUE(program.reader);
    cpython::PythonStackReader& reader = *program.reader;
    Profile profile;
    std::vector<ThreadStack> stacks;
    using Clock = std::chrono::steady_clock;
    // Names read once with the main thread alone, as a recording that is already running has.
    bool mainNamed = false;
    for (auto until = Clock::now() + std::chrono::seconds(20); !mainNamed && Clock::now() < until;)
        if (reader.readStacks(profile, stacks))
            for (const ThreadStack& s : stacks)
                mainNamed = mainNamed || s.name == "MainThread";
    ASSERT_TRUE(mainNamed);

    writeFile(program.dir.path() + "/start", "");
    ASSERT_TRUE(waitForFile(program.child, program.dir.path() + "/started", 30));
    // From the first read that shows two threads until the new one has its name.
    Clock::time_point seen{};
    bool named = false;
    for (auto until = Clock::now() + std::chrono::seconds(10); !named && Clock::now() < until;) {
        if (!reader.readStacks(profile, stacks)) continue;
        if (stacks.size() == 2 && seen == Clock::time_point{}) seen = Clock::now();
        for (const ThreadStack& s : stacks)
            named = named || s.name == "late-worker";
    }
    writeFile(program.dir.path() + "/quit", "");
    ASSERT_TRUE(named) << "the new thread never got its name";
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - seen);
    // Once a second would take up to a second; retries start 10 ms after the change.
    EXPECT_LT(wait.count(), 400) << "named " << wait.count() << " ms after it showed";
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonThreadNamesTest, ::testing::ValuesIn(findInterpreters()),
                         interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonThreadNamesTest);
