#pragma once
// For the sampler unit tests: a tiny test-only StackReader that reports real threads of this test
// process (so idle states and OS names come from the real /proc files), scripted stacks, and
// helpers to tally what a recording holds. Real Python targets are covered by tests/integration.
#include "core/query/profile_summary.h"
#include "core/sampling/sampling_session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace spyglass::testing {

using namespace std::chrono_literals;

// A thread of this process that spins or sleeps until told to end, named as asked.
class LiveThread {
  public:
    LiveThread(const char* osName, bool spin) {
        thread_ = std::thread([this, osName, spin] {
            pthread_setname_np(pthread_self(), osName);
            tid_.store(uint64_t(syscall(SYS_gettid)));
            if (spin) {
                while (!done_.load()) {
                }
            } else {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return done_.load(); });
            }
        });
        while (tid_.load() == 0)
            std::this_thread::yield();
    }
    ~LiveThread() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    uint64_t tid() const { return tid_.load(); }

  private:
    std::atomic<uint64_t> tid_{0};
    std::atomic<bool> done_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

struct FakeThread {
    uint64_t tid = 0;
    std::string name; // what the reader reports ("" = unknown)
    bool holdsGil = false;
    std::vector<std::pair<std::string, uint32_t>> framesInnermostFirst;
};

// Reports the given threads; can tear every n-th read, end the target after k reads, or be slow.
class ScriptedReader : public StackReader {
  public:
    std::vector<FakeThread> threads;
    int tearEvery = 0;
    int goneAfter = -1;
    std::chrono::microseconds delay{0};
    std::atomic<int> reads{0};
    std::mutex mutex; // the test may edit `threads` while the session reads
    // LineMode::Function reports each frame at its function's first line, from here (0 if absent).
    std::map<std::string, uint32_t> firstLines;
    std::atomic<LineMode> lineMode{LineMode::Line};

    Result<void> readStacks(Profile& profile, std::vector<ThreadStack>& out) override {
        const int n = ++reads;
        if (delay.count()) std::this_thread::sleep_for(delay);
        if (goneAfter >= 0 && n > goneAfter) return makeError("gone", ErrorKind::NotFound);
        if (tearEvery && n % tearEvery == 0) return makeError("torn", ErrorKind::Torn);
        std::lock_guard lock(mutex);
        out.clear();
        for (const FakeThread& t : threads) {
            ThreadStack ts;
            ts.nativeThreadId = t.tid;
            ts.pythonThreadId = t.tid + 1'000'000;
            ts.name = t.name;
            ts.holdsGil = t.holdsGil;
            for (const auto& [fn, line] : t.framesInnermostFirst) {
                auto first = firstLines.find(fn);
                const uint32_t shown = lineMode != LineMode::Function ? line
                                       : first == firstLines.end()    ? 0
                                                                      : first->second;
                ts.frames.push_back(
                    profile.internFrame(profile.internFunction(fn, "/app/work.py"), shown));
            }
            out.push_back(std::move(ts));
        }
        return {};
    }
    void setLineMode(LineMode mode) override { lineMode = mode; }
    std::string pythonVersion() const override { return "3.99.1"; }
    int pid() const override { return getpid(); }
};

inline std::string stackText(const Profile& p, StackId s) {
    std::vector<FrameId> frames;
    p.stackFrames(s, frames);
    std::string out;
    for (FrameId f : frames) {
        if (!out.empty()) out += ';';
        out += std::string(p.functionName(p.frame(f).function)) + ":" +
               std::to_string(p.frame(f).line);
    }
    return out;
}

// Samples per "thread name|stack|flags".
inline std::map<std::string, int> tally(const Profile& p) {
    std::map<std::string, int> out;
    for (size_t i = 0; i < p.sampleCount(); ++i) {
        const ThreadInfo t = p.thread(p.sampleThread(i));
        std::string key = std::string(p.str(t.name)) + "|" + stackText(p, p.sampleStack(i)) + "|";
        if (p.sampleFlags(i) & kSampleIdle) key += "idle";
        if (p.sampleFlags(i) & kSampleHoldsGil) key += "gil";
        out[key]++;
    }
    return out;
}

inline int countWhere(const std::map<std::string, int>& t,
                      std::function<bool(const std::string&)> pred) {
    int n = 0;
    for (const auto& [k, v] : t)
        if (pred(k)) n += v;
    return n;
}

struct Fixture {
    LiveThread spinner{"spin-thread", true};
    LiveThread sleeper{"sleep-thread", false};
    std::unique_ptr<ScriptedReader> reader = std::make_unique<ScriptedReader>();
    Fixture() {
        reader->threads = {
            {spinner.tid(), "", true, {{"spin", 12}, {"main", 3}}},
            {sleeper.tid(), "Sleeper", false, {{"wait", 40}, {"main", 5}}},
        };
    }
};

inline Result<void> recordFor(SamplingSession& session, std::chrono::milliseconds howLong) {
    if (auto s = session.start(); !s) return s;
    std::this_thread::sleep_for(howLong);
    session.stop();
    return {};
}

} // namespace spyglass::testing
