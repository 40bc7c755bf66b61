// --blocking: PtracePauser stops every thread of a real Python process, or only the ones given,
// and always lets it go, handing back signals that arrived while it was stopped; the sampler
// stops only the Python threads once it knows them.
#include "core/sampling/launched_process.h"
#include "core/sampling/ptrace_pauser.h"
#include "core/sampling/sampler.h"
#include "core/sampling/thread_states.h"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace spyglass;
using namespace std::chrono_literals;

namespace {

const char* kPython = "/usr/bin/python3.11";

// Three spinning threads; SIGUSR1 makes the program write "got signal" to `marker`.
std::string program(const std::string& marker) {
    return "import signal, threading, time\n"
           "def on_usr1(sig, frame):\n"
           "    open('" +
           marker +
           "', 'w').write('got signal')\n"
           "signal.signal(signal.SIGUSR1, on_usr1)\n"
           "def spin():\n"
           "    while True: pass\n"
           "for _ in range(2): threading.Thread(target=spin, daemon=True).start()\n"
           "while True: sum(range(1000))\n";
}

std::string statusField(int tid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(tid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(field + ":")) {
            std::string v = line.substr(field.size() + 1);
            v.erase(0, v.find_first_not_of(" \t"));
            return v;
        }
    return {};
}

struct Target {
    std::string marker = "/tmp/spyglass_ptrace_test_" + std::to_string(getpid());
    std::unique_ptr<LaunchedProcess> process;
    Target() {
        std::remove(marker.c_str());
        auto p = LaunchedProcess::spawn({kPython, "-c", program(marker)});
        if (p) process = std::move(*p);
        // Wait for the two extra threads.
        for (int i = 0; i < 500 && process; ++i) {
            PtracePauser probe(process->pid());
            if (probe.listThreads() && probe.threadIds().size() >= 3) break;
            std::this_thread::sleep_for(10ms);
        }
    }
    ~Target() { std::remove(marker.c_str()); }
};

// Not stopped: running, or asleep waiting for the GIL.
void expectRunning(int pid) {
    PtracePauser lister(pid);
    ASSERT_TRUE(lister.listThreads());
    ThreadStates states(pid);
    for (int tid : lister.threadIds()) {
        const char s = states.state(uint64_t(tid));
        EXPECT_TRUE(s == 'R' || s == 'S') << "thread " << tid << " is in state " << s;
        EXPECT_EQ(statusField(tid, "TracerPid"), "0");
    }
}

} // namespace

TEST(PtracePauser, StopsEveryThreadAndLetsThemGo) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    Target t;
    ASSERT_TRUE(t.process);
    const int pid = t.process->pid();
    ThreadStates states(pid);
    PtracePauser pauser(pid);
    const std::string me = std::to_string(syscall(SYS_gettid));
    for (int round = 0; round < 20; ++round) {
        ASSERT_TRUE(pauser.pause());
        ASSERT_GE(pauser.threadIds().size(), 3u);
        for (int tid : pauser.threadIds()) {
            EXPECT_EQ(states.state(uint64_t(tid)), 't') << "thread " << tid << " round " << round;
            EXPECT_EQ(statusField(tid, "TracerPid"), me);
        }
        pauser.resume();
        for (int tid : pauser.threadIds()) {
            EXPECT_EQ(statusField(tid, "TracerPid"), "0");
            EXPECT_NE(states.state(uint64_t(tid)), 't');
        }
    }
    expectRunning(pid);
}

TEST(PtracePauser, DestructorDetaches) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    Target t;
    ASSERT_TRUE(t.process);
    const int pid = t.process->pid();
    {
        PtracePauser pauser(pid);
        ASSERT_TRUE(pauser.pause());
        EXPECT_EQ(processState(pid), 't');
    }
    EXPECT_EQ(statusField(pid, "TracerPid"), "0");
    std::this_thread::sleep_for(20ms);
    expectRunning(pid);
}

TEST(PtracePauser, SignalsSentWhilePausedAreDelivered) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    Target t;
    ASSERT_TRUE(t.process);
    const int pid = t.process->pid();
    PtracePauser pauser(pid);
    // A signal arriving while the threads are stopped, and one racing the interrupt.
    ASSERT_TRUE(pauser.pause());
    kill(pid, SIGUSR1);
    std::this_thread::sleep_for(20ms);
    pauser.resume();
    std::string got;
    for (int i = 0; i < 200 && got.empty(); ++i) {
        std::this_thread::sleep_for(10ms);
        std::ifstream in(t.marker);
        std::getline(in, got);
    }
    EXPECT_EQ(got, "got signal");
    std::remove(t.marker.c_str());
    for (int i = 0; i < 50; ++i) {
        kill(pid, SIGUSR1);
        ASSERT_TRUE(pauser.pause());
        pauser.resume();
    }
    got.clear();
    for (int i = 0; i < 200 && got.empty(); ++i) {
        std::this_thread::sleep_for(10ms);
        std::ifstream in(t.marker);
        std::getline(in, got);
    }
    EXPECT_EQ(got, "got signal");
    expectRunning(pid);
}

TEST(PtracePauser, GoneProcessIsNotFound) {
    auto p = LaunchedProcess::spawn({"/bin/true"});
    ASSERT_TRUE(p);
    const int pid = (*p)->pid();
    (*p)->kill(2000ms);
    PtracePauser pauser(pid);
    auto r = pauser.pause();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
}

namespace {

// The main thread spins in hot(); 40 native threads (no Python thread state: libc's sleep run by
// pthread_create through ctypes) sleep; after `late` seconds a Python thread starts spinning in
// late_worker().
std::string nativePoolProgram(double late) {
    return "import ctypes, threading, time\n"
           "libc = ctypes.CDLL(None)\n"
           "ids = (ctypes.c_ulong * 40)()\n"
           "for i in range(40):\n"
           "    libc.pthread_create(ctypes.byref(ids, i * 8), None, libc.sleep, "
           "ctypes.c_void_p(600))\n"
           "def late_worker():\n"
           "    while True: sum(range(100))\n"
           "def hot():\n"
           "    return sum(range(1000))\n"
           "start = time.time()\n"
           "started = False\n"
           "while True:\n"
           "    hot()\n"
           "    if not started and time.time() - start > " +
           std::to_string(late) +
           ":\n"
           "        started = True\n"
           "        threading.Thread(target=late_worker, daemon=True).start()\n";
}

} // namespace

TEST(PtracePauser, PausesOnlyTheThreadsGiven) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    Target t;
    ASSERT_TRUE(t.process);
    const int pid = t.process->pid();
    PtracePauser pauser(pid);
    ASSERT_TRUE(pauser.listThreads());
    const std::vector<int> all = pauser.threadIds();
    ASSERT_GE(all.size(), 3u);
    ThreadStates states(pid);
    // The main thread, and an id that is not one of the target's threads (this process's own).
    const std::vector<int> some{pid, int(getpid())};
    for (int round = 0; round < 10; ++round) {
        ASSERT_TRUE(pauser.pauseThreads(some));
        EXPECT_EQ(pauser.stoppedCount(), 1u);
        EXPECT_EQ(states.state(uint64_t(pid)), 't');
        for (int tid : all)
            if (tid != pid) EXPECT_NE(states.state(uint64_t(tid)), 't') << "thread " << tid;
        EXPECT_EQ(statusField(int(getpid()), "TracerPid"), "0");
        pauser.resume();
    }
    const std::vector<int> none{int(getpid())};
    auto r = pauser.pauseThreads(none);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
    expectRunning(pid);
}

TEST(PtracePauser, SamplerStopsOnlyPythonThreadsAndTakesInNewOnes) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not installed";
    auto spawned = LaunchedProcess::spawn({kPython, "-c", nativePoolProgram(1.0)});
    ASSERT_TRUE(spawned);
    auto& process = *spawned;
    auto reader = process->waitForInterpreter(std::chrono::seconds(20));
    ASSERT_TRUE(reader) << reader.error().message;
    const int pid = process->pid();
    PtracePauser lister(pid);
    for (int i = 0; i < 300 && !(lister.listThreads() && lister.threadIds().size() >= 41); ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_GE(lister.threadIds().size(), 41u);

    Profile profile;
    SamplerOptions options;
    options.blocking = true;
    Sampler sampler(**reader, profile, options);
    int64_t tick = 0;
    auto sampleFor = [&](std::chrono::milliseconds length) {
        size_t samples = 0;
        const uint64_t before = sampler.pausedThreads();
        for (auto end = std::chrono::steady_clock::now() + length;
             std::chrono::steady_clock::now() < end; ++tick) {
            if (sampler.sampleOnce(tick * 1'000'000)) ++samples;
            std::this_thread::sleep_for(5ms);
        }
        return std::pair{samples, double(sampler.pausedThreads() - before) / double(samples)};
    };
    // Before the Python worker starts: the first sample stops all 41 threads, then only main.
    const auto [early, earlyStopped] = sampleFor(400ms);
    EXPECT_GT(early, 20u);
    EXPECT_LT(earlyStopped, 4.0) << "threads stopped a sample";
    std::this_thread::sleep_for(1000ms); // the worker has started
    const auto [late, lateStopped] = sampleFor(400ms);
    EXPECT_GT(late, 20u);
    EXPECT_LT(lateStopped, 4.0);
    EXPECT_GE(lateStopped, 2.0); // main and the worker
    std::printf("threads stopped a sample: %.2f before the worker, %.2f after (of %zu+)\n",
                earlyStopped, lateStopped, lister.threadIds().size());
    std::map<std::string, size_t> leaves;
    std::vector<FrameId> frames;
    for (size_t i = 0; i < profile.sampleCount(); ++i) {
        profile.stackFrames(profile.sampleStack(i), frames);
        if (!frames.empty())
            ++leaves[std::string(profile.functionName(profile.frame(frames.back()).function))];
    }
    EXPECT_GT(leaves["late_worker"], 10u);
    EXPECT_GT(leaves["hot"], 10u);
    EXPECT_FALSE(process->hasExited());
    expectRunning(pid);
}
