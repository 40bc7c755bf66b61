// `spyglass dump` on live targets of every installed interpreter: each thread with its name and
// marks, frames as `function (file:line)`, and with --locals the simple local variables; `--list`
// shows the target; a gone pid is a clear error.
#include <gtest/gtest.h>

#include "cpython_test_support.h"
#include "cpython_workload.h"

using namespace spyglass::testing;

namespace {

const char* kDumpTarget = R"PY(import sys, threading, time

def worker_fn():
    while True:
        time.sleep(3600)  # @worker-sleep

def target(count, ratio):
    label = "hello"
    flag = True
    nothing = None
    items = [1, 2]
    negative = -7
    while True:
        time.sleep(3600)  # @target-sleep

t = threading.Thread(target=worker_fn, name="dump-worker")
t.daemon = True
t.start()
time.sleep(0.3)
open(sys.argv[1], "w").close()
target(42, 0.5)  # @module-call
)PY";

std::string run(const std::string& command, int& status) {
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    std::string out;
    char buf[4096];
    for (size_t n; p && (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    status = p ? pclose(p) : -1;
    return out;
}

class CpythonDumpTest : public ::testing::TestWithParam<Interpreter> {};

TEST_P(CpythonDumpTest, DumpsEveryThreadWithLocals) {
    TempDir dir("dump");
    const std::string script = dir.path() + "/dump_target.py";
    writeFile(script, kDumpTarget);
    ChildProcess child({GetParam().path, "-B", script, dir.path() + "/ready"});
    ASSERT_TRUE(waitForFile(child, dir.path() + "/ready", 60));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string pid = std::to_string(child.pid());

    int status = 0;
    const std::string out = run(std::string(SPYGLASS_BINARY) + " dump -p " + pid + " --locals", status);
    ASSERT_EQ(status, 0) << out;
    auto has = [&](const std::string& text) { return out.find(text) != std::string::npos; };
    EXPECT_TRUE(has("Process " + pid + ": Python " + pythonMinor(GetParam()) + ".")) << out;
    EXPECT_TRUE(has("Thread " + pid + " (0x")) << out;
    EXPECT_TRUE(has("\"MainThread\" (idle)")) << out;
    EXPECT_TRUE(has("\"dump-worker\" (idle)")) << out;
    EXPECT_FALSE(has("(gil)")) << "every thread sleeps, none holds the GIL:\n" << out;
    EXPECT_TRUE(has("    target (" + script + ":" + std::to_string(lineOf(kDumpTarget, "@target-sleep")) + ")")) << out;
    EXPECT_TRUE(has("    <module> (" + script + ":" + std::to_string(lineOf(kDumpTarget, "@module-call")) + ")")) << out;
    EXPECT_TRUE(has("    worker_fn (" + script + ":" + std::to_string(lineOf(kDumpTarget, "@worker-sleep")) + ")")) << out;
    for (const char* local : {"        count = 42\n", "        ratio = 0.5\n", "        label = \"hello\"\n",
                              "        flag = True\n", "        nothing = None\n", "        items = <list>\n",
                              "        negative = -7\n"})
        EXPECT_TRUE(has(local)) << "missing " << local << " in\n" << out;

    const std::string list = run(std::string(SPYGLASS_BINARY) + " dump --list", status);
    EXPECT_EQ(status, 0);
    EXPECT_NE(list.find(pid + "  "), std::string::npos) << list;
    EXPECT_NE(list.find("dump_target.py"), std::string::npos) << list;

    child.stop();
    const std::string gone = run(std::string(SPYGLASS_BINARY) + " dump -p " + pid, status);
    EXPECT_NE(status, 0);
    EXPECT_NE(gone.find(pid), std::string::npos) << gone;
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonDumpTest, ::testing::ValuesIn(findInterpreters()), interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonDumpTest);

} // namespace
