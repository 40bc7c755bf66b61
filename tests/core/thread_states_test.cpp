// ThreadStates on a real process: a thread asleep is answered from its schedstat while it stays
// asleep, and seen running again as soon as it wakes.
#include "core/sampling/launched_process.h"
#include "core/sampling/ptrace_pauser.h"
#include "core/sampling/thread_states.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace spyglass;
using namespace std::chrono_literals;

namespace {

const char* kPython = "/usr/bin/python3.11";

// The main thread spins; the other sleeps for 0.8 s, then hashes without the GIL (so that both
// run at once).
const char* kProgram = "import hashlib, threading, time\n"
                       "data = b'x' * 50_000_000\n"
                       "def later():\n"
                       "    time.sleep(0.8)\n"
                       "    while True: hashlib.sha256(data).digest()\n"
                       "threading.Thread(target=later, daemon=True).start()\n"
                       "while True: pass\n";

} // namespace

TEST(ThreadStates, AsleepFromSchedstatAndAwakeAtOnce) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    auto spawned = LaunchedProcess::spawn({kPython, "-c", kProgram});
    ASSERT_TRUE(spawned);
    const int pid = (*spawned)->pid();
    PtracePauser lister(pid);
    for (int i = 0; i < 300 && !(lister.listThreads() && lister.threadIds().size() >= 2); ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_EQ(lister.threadIds().size(), 2u);
    const int other = lister.threadIds()[0] == pid ? lister.threadIds()[1] : lister.threadIds()[0];
    const auto started = std::chrono::steady_clock::now();

    ThreadStates states(pid);
    for (int i = 0; i < 100 && states.state(uint64_t(other)) != 'S'; ++i) // not asleep yet
        std::this_thread::sleep_for(2ms);
    ASSERT_EQ(states.state(uint64_t(other)), 'S');
    const uint64_t readsBefore = states.statReads();
    int asleep = 0, calls = 0;
    while (std::chrono::steady_clock::now() - started < 500ms) {
        asleep += states.state(uint64_t(other)) == 'S';
        ++calls;
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_EQ(asleep, calls);
    // Asleep all along: answered without reading stat again.
    EXPECT_LE(states.statReads() - readsBefore, 2u) << "of " << calls << " calls";
    // The main thread, running: stat each time.
    const uint64_t before = states.statReads();
    int mainRunning = 0;
    for (int i = 0; i < 20; ++i)
        mainRunning += states.state(uint64_t(pid)) == 'R';
    EXPECT_EQ(states.statReads() - before, 20u);
    EXPECT_GE(mainRunning, 15);

    std::this_thread::sleep_for(800ms); // it woke at 0.8 s and hashes
    int running = 0;
    for (int i = 0; i < 50; ++i) {
        running += states.state(uint64_t(other)) == 'R';
        std::this_thread::sleep_for(2ms);
    }
    // Awake, though now and then waiting for the GIL between two hashes: never stuck on the
    // answer from while it slept.
    EXPECT_GE(running, 25) << "of 50";
}
