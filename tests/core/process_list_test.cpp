// Listing the processes that run CPython: real interpreters started here must be found with the
// version they report themselves, their user, command line, CPU share and RSS; others must not.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/process/process_list.h"
#include "cpython_test_support.h"

using namespace spyglass;
using namespace spyglass::testing;

namespace {

TEST(ProcessList, FindsEveryRunningInterpreterWithItsVersion) {
    const auto interpreters = findInterpreters();
    if (interpreters.empty()) GTEST_SKIP() << "no interpreters installed";
    TempDir dir("list");
    const std::string spin = dir.path() + "/spin_for_list.py";
    writeFile(spin, "x = 0\nwhile True:\n    x += 1\n");
    std::vector<std::unique_ptr<ChildProcess>> children;
    for (const auto& i : interpreters) children.push_back(std::make_unique<ChildProcess>(std::vector<std::string>{i.path, spin}));
    ChildProcess notPython({"/bin/sleep", "30"});
    std::this_thread::sleep_for(std::chrono::milliseconds(800));

    const auto t0 = std::chrono::steady_clock::now();
    const auto list = process::listPythonProcesses(std::chrono::milliseconds(300));
    std::printf("listing took %.0f ms\n", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    auto find = [&](int pid) { return std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.pid == pid; }); };
    EXPECT_EQ(find(notPython.pid()), list.end()) << "/bin/sleep listed as Python";
    EXPECT_EQ(find(getpid()), list.end()) << "listed itself";
    double spinning = 0;
    for (size_t k = 0; k < interpreters.size(); ++k) {
        const auto it = find(children[k]->pid());
        ASSERT_NE(it, list.end()) << interpreters[k].label << " (pid " << children[k]->pid() << ") not listed";
        EXPECT_EQ(it->pythonVersion, pythonFullVersion(interpreters[k])) << interpreters[k].label << ": " << it->problem;
        EXPECT_EQ(it->uid, geteuid());
        EXPECT_FALSE(it->user.empty());
        EXPECT_NE(it->commandLine.find("spin_for_list.py"), std::string::npos) << it->commandLine;
        EXPECT_FALSE(it->executable.empty());
        EXPECT_FALSE(it->runtimePath.empty());
        EXPECT_GT(it->rssBytes, 1u << 20);
        spinning += it->cpuPercent;
    }
    // Every child spins; on a loaded machine each gets a small share, together a visible one.
    EXPECT_GT(spinning, 20.0);

    process::PythonProcessInfo one;
    EXPECT_TRUE(process::describePythonProcess(children[0]->pid(), one));
    EXPECT_FALSE(process::describePythonProcess(notPython.pid(), one));
    children[0]->stop();
    EXPECT_FALSE(process::describePythonProcess(children[0]->pid(), one));
}

} // namespace
