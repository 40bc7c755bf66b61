// `spyglass dump` and `spyglass top` on live Python processes of every interpreter.
#include "integration/python_targets.h"
#include "integration/workloads.h"

#include <gtest/gtest.h>

using namespace spyglass::testing;
using namespace std::chrono_literals;

namespace {

class LiveCommands : public ::testing::TestWithParam<Interpreter> {};

size_t occurrences(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_P(LiveCommands, DumpShowsEveryThreadsStack) {
    const Interpreter& py = GetParam();
    TempDir dir("dump");
    const std::string script = dir.write("dump_me.py", featuresProgram(py.major >= 3, 60));
    PythonProcess target(py, script, dir);
    ASSERT_TRUE(target.waitReady()) << target.output();
    const RunResult r = runSpyglass({"dump", "-p", std::to_string(target.pid())}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(
        r.out.find("Python " + std::to_string(py.major) + "." + std::to_string(py.minor) + "."),
        std::string::npos)
        << r.out;
    EXPECT_EQ(occurrences(r.out, "\nThread "), 2u) << r.out;
    EXPECT_NE(r.out.find("\"spyglass-worker\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"MainThread\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("worker_loop (" + script + ":"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("<module> (" + script + ":"), std::string::npos) << r.out;
    EXPECT_TRUE(nothingStopped(target.pid()));
}

TEST_P(LiveCommands, TopPrintsATableEveryRefresh) {
    const Interpreter& py = GetParam();
    TempDir dir("top");
    const std::string script = dir.write("top_me.py", featuresProgram(py.major >= 3, 60));
    PythonProcess target(py, script, dir);
    ASSERT_TRUE(target.waitReady()) << target.output();
    // Not a terminal: one table a refresh, until Ctrl-C.
    const RunResult r =
        runSpyglass({"top", "-p", std::to_string(target.pid()), "--delay", "0.4", "-r", "200"}, dir,
                    60s, 2000ms);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_GE(occurrences(r.out, "Total Samples"), 3u) << r.out;
    EXPECT_NE(r.out.find("%Own   %Total  OwnTime  TotalTime  Function (filename)"),
              std::string::npos);
    EXPECT_NE(r.out.find("leaf_of_recursion (top_me.py)"), std::string::npos) << r.out;
    // The title names the attached program, as py-spy's does.
    EXPECT_NE(r.out.find("Collecting samples from '" + py.path + " "), std::string::npos) << r.out;
    // The worker thread's rows: on a loaded machine it can wait for a CPU through the whole run at
    // its sleep, in worker_loop, without reaching burn.
    EXPECT_NE(r.out.find("worker_loop (top_me.py)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\x1b["), std::string::npos); // no terminal codes into a pipe
    EXPECT_FALSE(target.exited());
    EXPECT_TRUE(nothingStopped(target.pid()));
}

TEST_P(LiveCommands, TopEndsWithTheProgramItRuns) {
    const Interpreter& py = GetParam();
    TempDir dir("top");
    const std::string script = dir.write("short.py", shareProgram(1.0));
    const RunResult r = runSpyglass({"top", "--delay", "0.3", "--", py.path, script}, dir, 60s);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("ended"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("hot (short.py)"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Interpreters, LiveCommands, ::testing::ValuesIn(findInterpreters()),
                         interpreterLabel);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LiveCommands);
