// The syscall plan of a sample on a steady program, on every interpreter: after the first samples
// a verified read costs one process_vm_readv (the walk's copy and the verification copy in one
// call); a stack that grows or shrinks is verified all the same (by a separate re-read when the
// walk needed more than the prefetch) and never reported wrong.
#include "core/cpython/python_stack_reader.h"
#include "core/model/profile.h"
#include "cpython_test_support.h"

#include <chrono>
#include <gtest/gtest.h>
#include <set>
#include <thread>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

// The main thread parks at a known depth, then moves between depths 40 and 80 every few ms.
const char* kSteady = R"PY(import os, sys, time
try:
    range = xrange
except NameError:
    pass
def spin(seconds):
    end = time.time() + seconds
    while time.time() < end:
        for i in range(100): pass
def dive(n, seconds):
    if n <= 0:
        return spin(seconds)
    return dive(n - 1, seconds)
dive(40, 0)
open(sys.argv[1], "w").close()
dive(40, 2.0)      # steady
while True:        # moving
    dive(80, 0.002)
    dive(40, 0.002)
)PY";

class CpythonPrefetchTest : public ::testing::TestWithParam<Interpreter> {};

TEST_P(CpythonPrefetchTest, SteadyReadIsOneSyscallAndVerified) {
    TempDir dir("prefetch");
    writeFile(dir.path() + "/steady.py", kSteady);
    ChildProcess child({GetParam().path, dir.path() + "/steady.py", dir.path() + "/ready"});
    auto opened = readerWhenReady(child, dir.path() + "/ready");
    ASSERT_TRUE(opened);
    cpython::PythonStackReader& reader = *opened;
    Profile profile;
    std::vector<ThreadStack> stacks;
    // Until the main thread is in the steady phase (on a loaded machine it may not have run since
    // it wrote the ready file), then a few reads for the plan to settle.
    const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < settle &&
           !(reader.readStacks(profile, stacks) && stacks.size() == 1 &&
             stacks[0].frames.size() >= 42))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int i = 0; i < 20; ++i)
        (void)reader.readStacks(profile, stacks);

    // Steady: the same stack every time, from one call each.
    const uint64_t calls = reader.memory().syscalls(),
                   inline0 = reader.prefetcher().verifiedInline();
    int good = 0;
    size_t depth = 0;
    for (int i = 0; i < 200; ++i) {
        auto r = reader.readStacks(profile, stacks);
        if (!r) {
            ASSERT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
            continue;
        }
        ++good;
        ASSERT_EQ(stacks.size(), 1u);
        depth = std::max(depth, stacks[0].frames.size());
    }
    EXPECT_GE(good, 198);
    EXPECT_GE(depth, 40u);
    EXPECT_LE(reader.memory().syscalls() - calls, 205u) << "more than one syscall per steady read";
    EXPECT_GE(reader.prefetcher().verifiedInline() - inline0, 195u);

    // Moving: stacks of changing depth, each verified (inline or by a re-read), and always a shape
    // the program can have: <module>, then dive frames, then maybe spin.
    const uint64_t verified0 = reader.prefetcher().verifiedInline() + reader.prefetcher().verifiedByReread();
    std::set<size_t> depths;
    uint64_t goodMoving = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    for (int reads = 0;
         (reads < 3000 || depths.size() < 2) && std::chrono::steady_clock::now() < end; ++reads) {
        auto r = reader.readStacks(profile, stacks);
        if (!r) {
            ASSERT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
            continue;
        }
        ++goodMoving;
        ASSERT_EQ(stacks.size(), 1u);
        const auto& frames = stacks[0].frames;
        ASSERT_LE(frames.size(), 83u);
        for (size_t k = 0; k < frames.size(); ++k) {
            const std::string_view name = profile.functionName(profile.frame(frames[k]).function);
            const std::string_view want = k + 1 == frames.size()     ? "<module>"
                                          : k == 0 && name == "spin" ? "spin"
                                                                     : "dive";
            ASSERT_EQ(name, want) << "frame " << k << " of " << frames.size();
        }
        depths.insert(frames.size());
    }
    EXPECT_GE(depths.size(), 2u);
    // Every stack reported was verified, by the prefetch call's second copy or by a re-read.
    EXPECT_GE(reader.prefetcher().verifiedInline() + reader.prefetcher().verifiedByReread() - verified0, goodMoving);
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonPrefetchTest, ::testing::ValuesIn(findInterpreters()),
                         interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonPrefetchTest);

} // namespace
