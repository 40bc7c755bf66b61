// CodeCache starts over when it holds too many code objects (a program that generates code),
// and only between samples: a sample whose frames need more new code objects than the room left
// still resolves every frame to its own function.
#include "core/model/profile.h"
#include "cpython_test_support.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

// The main thread rests eight distinct functions deep.
const char* kChain = R"PY(import os, sys, time
def f7():
    open(os.path.join(sys.argv[1], "ready"), "w").close()
    while True:
        time.sleep(0.01)
def f6(): f7()
def f5(): f6()
def f4(): f5()
def f3(): f4()
def f2(): f3()
def f1(): f2()
def f0(): f1()
f0()
)PY";

class CpythonCodeCacheTest : public ::testing::TestWithParam<Interpreter> {};

} // namespace

TEST_P(CpythonCodeCacheTest, StartingOverKeepsTheSampleBeingResolvedWhole) {
    RunningProgram program(GetParam().path, "chain", kChain);
    ASSERT_TRUE(program.reader);
    cpython::PythonStackReader& reader = *program.reader;
    reader.codes().setCapacity(3); // fewer than the nine code objects of one sample
    Profile profile;
    std::vector<ThreadStack> stacks;
    int good = 0;
    for (int i = 0; i < 40 && good < 10; ++i) {
        auto r = reader.readStacks(profile, stacks);
        if (!r) {
            ASSERT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
            continue;
        }
        ASSERT_EQ(stacks.size(), 1u);
        std::vector<std::string> names;
        for (FrameId f : stacks[0].frames)
            names.emplace_back(profile.functionName(profile.frame(f).function));
        const std::vector<std::string> want{"f7", "f6", "f5", "f4",      "f3",
                                            "f2", "f1", "f0", "<module>"};
        ASSERT_EQ(names, want) << "read " << i;
        // Started over before this sample: it holds this sample's code objects and no more.
        EXPECT_LE(reader.codes().size(), want.size()) << "read " << i;
        ++good;
    }
    EXPECT_EQ(good, 10);
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonCodeCacheTest, ::testing::ValuesIn(findInterpreters()),
                         interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonCodeCacheTest);
