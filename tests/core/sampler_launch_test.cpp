// Launch mode: running the program, reporting how it ended, and waiting for its interpreter.
#include "core/sampling/launched_process.h"
#include "core/sampling/recording_target.h"
#include "core/sampling/thread_states.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace spyglass;
using namespace std::chrono_literals;

TEST(LaunchedProcess, MissingProgramIsAnError) {
    auto p = LaunchedProcess::spawn({"/nonexistent/program", "x"});
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("/nonexistent/program"), std::string::npos);
    EXPECT_NE(p.error().message.find("No such file"), std::string::npos);
}

TEST(LaunchedProcess, ReportsTheExitStatus) {
    auto p = LaunchedProcess::spawn({"/bin/sh", "-c", "exit 3"});
    ASSERT_TRUE(p);
    for (int i = 0; i < 500 && !(*p)->hasExited(); ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_TRUE((*p)->hasExited());
    EXPECT_EQ((*p)->exitDescription().value_or(""), "exit status 3");
}

TEST(LaunchedProcess, KillEndsARunningProgramAndReapsIt) {
    auto p = LaunchedProcess::spawn({"/bin/sleep", "60"});
    ASSERT_TRUE(p);
    const int pid = (*p)->pid();
    (*p)->kill();
    EXPECT_NE((*p)->exitDescription().value_or("").find("signal 9"), std::string::npos);
    EXPECT_EQ(processState(pid), 0); // reaped: no zombie left
}

TEST(LaunchedProcess, DestructorKillsTheChild) {
    int pid = 0;
    {
        auto p = LaunchedProcess::spawn({"/bin/sleep", "60"});
        ASSERT_TRUE(p);
        pid = (*p)->pid();
    }
    EXPECT_EQ(processState(pid), 0);
}

TEST(LaunchedProcess, WaitingForPythonInAProgramThatEnds) {
    auto p = LaunchedProcess::spawn({"/bin/sh", "-c", "exit 0"});
    ASSERT_TRUE(p);
    auto r = (*p)->waitForInterpreter(5000ms);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("ended (exit status 0) before"), std::string::npos)
        << r.error().message;
}

TEST(LaunchedProcess, WaitingForPythonInAProgramWithoutPythonTimesOut) {
    auto p = LaunchedProcess::spawn({"/bin/sleep", "30"});
    ASSERT_TRUE(p);
    const auto before = std::chrono::steady_clock::now();
    auto r = (*p)->waitForInterpreter(300ms);
    ASSERT_FALSE(r);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
    EXPECT_NE(r.error().message.find("found no Python interpreter"), std::string::npos)
        << r.error().message;
}

TEST(LaunchedProcess, WaitingForPythonFindsIt) {
    const char* python = "/usr/bin/python3.11";
    if (access(python, X_OK) != 0) GTEST_SKIP() << python << " not installed";
    auto p = LaunchedProcess::spawn({python, "-c", "import time; time.sleep(30)"});
    ASSERT_TRUE(p);
    auto r = (*p)->waitForInterpreter(10'000ms);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->pid(), (*p)->pid());
    EXPECT_TRUE((*r)->pythonVersion().starts_with("3.11.")) << (*r)->pythonVersion();
}

TEST(RecordingTarget, ParsesPids) {
    EXPECT_EQ(*parsePid("1234"), 1234);
    EXPECT_EQ(*parsePid("0x4d2"), 1234);
    EXPECT_FALSE(parsePid("12ab"));
    EXPECT_FALSE(parsePid("-5"));
    EXPECT_FALSE(parsePid(""));
}

TEST(RecordingTarget, MissingPidIsExplained) {
    TargetSpec spec;
    spec.pid = 0x3ffffff0;
    auto r = openTarget(spec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
    EXPECT_NE(r.error().message.find("no process"), std::string::npos);
}
