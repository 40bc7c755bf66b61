// Threads that start and end while one reader keeps sampling, on every interpreter. The reader
// keeps the thread list's head between samples (3.6+) and relies on the `prev` links to notice a
// change: a thread started at the head, one ended at the head, in the middle or at the end must
// each show in the very next read, never a read later.
#include "core/cpython/python_stack_reader.h"
#include "core/model/profile.h"
#include "cpython_test_support.h"

#include <chrono>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <thread>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

// Commands arrive as files: "start-K" starts worker K (it parks in a function named parked_K and
// writes "started-K" from inside it), "stop-K" ends it ("stopped-K" once joined). The main thread
// spins meanwhile, so reads keep finding Python frames.
const char* kWorkers = R"PY(import os, sys, threading, time
try:
    range = xrange
except NameError:
    pass
d = sys.argv[1]
stops = {}
threads = {}
# One function (one code object) per worker, so each worker's stack names it.
for k in range(8):
    exec("def parked_%d(event):\n"
         "    open(os.path.join(d, 'started-%d'), 'w').close()\n"
         "    while not event.is_set():\n"
         "        event.wait(0.01)\n" % (k, k))
def spin():
    for i in range(2000): pass
open(os.path.join(d, "ready"), "w").close()
while not os.path.exists(os.path.join(d, "quit")):
    for k in range(8):
        if k not in threads and os.path.exists(os.path.join(d, "start-%d" % k)):
            stops[k] = threading.Event()
            threads[k] = threading.Thread(target=globals()["parked_%d" % k], args=(stops[k],))
            threads[k].start()
        if k in threads and threads[k] is not None and os.path.exists(os.path.join(d, "stop-%d" % k)):
            stops[k].set()
            threads[k].join()
            threads[k] = None
            open(os.path.join(d, "stopped-%d" % k), "w").close()
    spin()
)PY";

class CpythonThreadListTest : public ::testing::TestWithParam<Interpreter> {
  protected:
    // Names of the workers (parked_K) whose stacks the read shows; Torn reads are retried. On a
    // loaded machine the target can sit descheduled in the middle of a frame change for a long
    // while, and every read meanwhile is torn: the retries are bounded by time, not by count.
    std::set<std::string> workersSeen(cpython::PythonStackReader& reader, size_t& threads) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            std::vector<cpython::RawThread> raw;
            auto r = reader.readRaw(raw);
            if (!r) {
                EXPECT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                continue;
            }
            std::set<std::string> seen;
            for (const auto& t : raw)
                for (const auto& f : t.frames) {
                    auto info = reader.codes().info(f.code);
                    if (info && (*info)->name.rfind("parked_", 0) == 0) seen.insert((*info)->name);
                }
            threads = raw.size();
            return seen;
        }
        ADD_FAILURE() << "every read torn for 10 s";
        return {};
    }
};

TEST_P(CpythonThreadListTest, ThreadsStartedAndEndedShowInTheNextRead) {
    RunningProgram program(GetParam().path, "workers", kWorkers);
    ASSERT_TRUE(program.reader);
    cpython::PythonStackReader& reader = *program.reader;
    size_t threads = 0;
    auto settle = [&] { // many reads, so the reader runs from a known head
        for (int i = 0; i < 50; ++i)
            (void)workersSeen(reader, threads);
    };
    auto expectWorkers = [&](std::set<std::string> want, size_t wantThreads, const char* step) {
        const std::set<std::string> seen = workersSeen(reader, threads);
        EXPECT_EQ(seen, want) << step;
        EXPECT_EQ(threads, wantThreads) << step;
    };
    auto command = [&](const std::string& name, const std::string& answer) {
        writeFile(program.dir.path() + "/" + name, "");
        ASSERT_TRUE(waitForFile(program.child, program.dir.path() + "/" + answer, 30)) << name;
    };

    settle();
    expectWorkers({}, 1, "main thread only");
    // Each new thread state goes to the head of the list.
    command("start-0", "started-0");
    expectWorkers({"parked_0"}, 2, "a first worker");
    settle();
    command("start-1", "started-1");
    expectWorkers({"parked_0", "parked_1"}, 3, "a second worker");
    command("start-2", "started-2");
    settle();
    expectWorkers({"parked_0", "parked_1", "parked_2"}, 4, "a third worker");
    // The list is now 2, 1, 0, main: end one in the middle, then the head, then add at the head.
    // A thread's state leaves the list as the thread ends, shortly after join() returns on some
    // versions: wait for it, then every later read must agree.
    auto stopAndWait = [&](int k, std::set<std::string> want, size_t wantThreads) {
        command("stop-" + std::to_string(k), "stopped-" + std::to_string(k));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline && threads != wantThreads) {
            (void)workersSeen(reader, threads);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        for (int i = 0; i < 20; ++i)
            expectWorkers(want, wantThreads, ("after stopping " + std::to_string(k)).c_str());
    };
    stopAndWait(1, {"parked_0", "parked_2"}, 3);
    stopAndWait(2, {"parked_0"}, 2);
    command("start-3", "started-3");
    expectWorkers({"parked_0", "parked_3"}, 3, "a worker after the head was removed");
    settle();
    stopAndWait(0, {"parked_3"}, 2); // the oldest: the end of the list
    command("start-4", "started-4");
    expectWorkers({"parked_3", "parked_4"}, 3, "a last worker");
    writeFile(program.dir.path() + "/stop-3", "");
    writeFile(program.dir.path() + "/stop-4", "");
    writeFile(program.dir.path() + "/quit", "");
}

// One worker after another, each started after the last was joined: glibc hands the next thread
// the last one's stack (the same pthread_t) and malloc the last one's thread state, while the
// kernel gives it a new tid. The reader remembers tids by thread state on 3.7-3.10 (they are not
// in the thread state there): each worker must still show with its own tid, which it writes
// into its "started" file (gettid through ctypes; Debian's minimal 3.11 has no ctypes, and keeps
// its tid in the thread state).
const char* kSuccessive = R"PY(import os, sys, threading
d = sys.argv[1]
def gettid():
    try:
        return threading.get_native_id()
    except AttributeError:
        import ctypes
        return ctypes.CDLL(None).syscall(186)
def parked(k, event):
    with open(os.path.join(d, "tid-%d" % k), "w") as f:
        f.write(str(gettid()))
    os.rename(os.path.join(d, "tid-%d" % k), os.path.join(d, "started-%d" % k))
    while not event.is_set():
        event.wait(0.01)
def spin():
    for i in range(2000): pass
open(os.path.join(d, "ready"), "w").close()
k = 0
while not os.path.exists(os.path.join(d, "quit")):
    if os.path.exists(os.path.join(d, "start-%d" % k)):
        event = threading.Event()
        t = threading.Thread(target=parked, args=(k, event))
        t.start()
        while not os.path.exists(os.path.join(d, "stop-%d" % k)):
            spin()
        event.set()
        t.join()
        open(os.path.join(d, "stopped-%d" % k), "w").close()
        k += 1
    spin()
)PY";

TEST_P(CpythonThreadListTest, ASuccessorInTheSameStateShowsItsOwnTid) {
    RunningProgram program(GetParam().path, "successive", kSuccessive);
    ASSERT_TRUE(program.reader);
    cpython::PythonStackReader& reader = *program.reader;
    // The tids seen for the thread whose stack shows `parked`, over reads until one shows it.
    auto workerTids = [&](std::set<uint64_t>& tids, size_t& threads) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            std::vector<cpython::RawThread> raw;
            if (!reader.readRaw(raw)) continue;
            threads = raw.size();
            for (const auto& t : raw)
                for (const auto& f : t.frames) {
                    auto info = reader.codes().info(f.code);
                    if (info && (*info)->name == "parked") tids.insert(t.nativeThreadId);
                }
            return;
        }
        ADD_FAILURE() << "every read torn for 10 s";
    };
    for (int k = 0; k < 6; ++k) {
        const std::string n = std::to_string(k);
        writeFile(program.dir.path() + "/start-" + n, "");
        ASSERT_TRUE(waitForFile(program.child, program.dir.path() + "/started-" + n, 30));
        const uint64_t tid = std::stoull(readFile(program.dir.path() + "/started-" + n));
        std::set<uint64_t> tids;
        size_t threads = 0;
        for (int i = 0; i < 50; ++i)
            workerTids(tids, threads);
        EXPECT_EQ(tids, std::set<uint64_t>{tid}) << "worker " << k;
        writeFile(program.dir.path() + "/stop-" + n, "");
        ASSERT_TRUE(waitForFile(program.child, program.dir.path() + "/stopped-" + n, 30));
        // Until its state leaves the list, the ended worker may still be walked (without frames).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (threads != 1 && std::chrono::steady_clock::now() < deadline) {
            tids.clear();
            workerTids(tids, threads);
        }
    }
    writeFile(program.dir.path() + "/quit", "");
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonThreadListTest, ::testing::ValuesIn(findInterpreters()),
                         interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonThreadListTest);

} // namespace
