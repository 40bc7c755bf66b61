// Finding the interpreter in real processes: by symbol (pyenv's libpython, Debian's static,
// stripped python3.11 through its dynamic symbol table) and by the documented fallback, a scan of
// .PyRuntime/.data/.bss, which must find the same interpreter state. The version comes from the
// target's memory and must be what the interpreter says about itself.
#include <gtest/gtest.h>

#include "core/cpython/python_binary.h"
#include "core/cpython/python_target.h"
#include "cpython_test_support.h"

using namespace spyglass;
using namespace spyglass::testing;

namespace {

class CpythonLocateTest : public ::testing::TestWithParam<Interpreter> {};

TEST_P(CpythonLocateTest, SymbolsAndScanFindTheSameInterpreter) {
    TempDir dir("locate");
    writeFile(dir.path() + "/idle.py", "import time\nwhile True:\n    time.sleep(1)\n");
    ChildProcess child({GetParam().path, dir.path() + "/idle.py"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    // Retry while the interpreter starts up.
    Result<cpython::PythonBinaries> binaries = makeError("not tried");
    Result<cpython::PythonTarget> target = makeError("not tried");
    process::ProcessMemory memory(child.pid());
    for (int i = 0; i < 100; ++i) {
        binaries = cpython::PythonBinaries::locate(child.pid());
        if (binaries) target = cpython::locatePythonTarget(*binaries, memory);
        if (binaries && target) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(binaries.ok()) << binaries.error().message;
    ASSERT_TRUE(target.ok()) << target.error().message;
    EXPECT_EQ(target->version.text, pythonFullVersion(GetParam()));
    EXPECT_FALSE(target->foundByScan) << "symbols should have been enough for " << GetParam().label;
    EXPECT_NE(target->interp, 0u);
    EXPECT_NE(target->gilSource, cpython::GilSource::None);
    if (target->version.major == 3 && target->version.minor >= 7) {
        EXPECT_NE(target->runtime, 0u);
    }

    const uint64_t slot = cpython::scanForInterpreter(memory, *binaries, target->offsets);
    ASSERT_NE(slot, 0u) << "the fallback scan found no interpreter in " << GetParam().label;
    auto found = memory.value<uint64_t>(slot);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(*found, target->interp);
}

TEST(CpythonVersionText, ParsesSysVersionAndHex) {
    auto v = cpython::parseVersionText("3.9.18 (main, Jan  1 2024, 00:00:00) \n[GCC 12.2.0]");
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->text, "3.9.18");
    EXPECT_EQ(v->minor, 9);
    EXPECT_FALSE(cpython::parseVersionText("3.9.18").has_value()); // not sys.version: no build info
    EXPECT_FALSE(cpython::parseVersionText("4.1.0 (x)").has_value());
    EXPECT_EQ(cpython::versionFromHex(0x030B07F0).text, "3.11.7");
    EXPECT_EQ(cpython::versionFromHex(0x030D00C1).text, "3.13.0rc1");
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonLocateTest, ::testing::ValuesIn(findInterpreters()), interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonLocateTest);

} // namespace
