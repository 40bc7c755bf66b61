// The sampling loop and one sample's bookkeeping, driven by a tiny test-only StackReader that
// reports real threads of this test process (so idle states and OS names come from the real
// /proc files). Real Python targets are covered by tests/integration.
#include "core/query/profile_summary.h"
#include "core/sampling/sampling_session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace spyglass;
using namespace std::chrono_literals;

namespace {

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
            for (const auto& [fn, line] : t.framesInnermostFirst)
                ts.frames.push_back(
                    profile.internFrame(profile.internFunction(fn, "/app/work.py"), line));
            out.push_back(std::move(ts));
        }
        return {};
    }
    std::string pythonVersion() const override { return "3.99.1"; }
    int pid() const override { return getpid(); }
};

std::string stackText(const Profile& p, StackId s) {
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
std::map<std::string, int> tally(const Profile& p) {
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

int countWhere(const std::map<std::string, int>& t, std::function<bool(const std::string&)> pred) {
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

Result<void> recordFor(SamplingSession& session, std::chrono::milliseconds howLong) {
    if (auto s = session.start(); !s) return s;
    std::this_thread::sleep_for(howLong);
    session.stop();
    return {};
}

} // namespace

TEST(Sampler, RecordsEveryThreadRootFirstWithIdleFlagsAndNames) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 200;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(recordFor(session, 500ms));
    const Profile& p = session.profile();
    const auto t = tally(p);
    for (const auto& [k, v] : t)
        std::printf("  %-40s %d\n", k.c_str(), v);
    const SamplerStats s = session.stats();
    // Every tick samples both threads; ~100 ticks are due in 500 ms at 200 Hz.
    EXPECT_EQ(s.threadSamples, 2 * s.taken);
    EXPECT_EQ(p.sampleCount(), s.threadSamples);
    EXPECT_GT(s.taken, 40u);
    EXPECT_LT(s.taken, 200u);
    // The spinner is named after its OS name (the reader gave none), the sleeper by the reader.
    EXPECT_EQ(t.count("spin-thread|main:3;spin:12|gil"), 1u);
    EXPECT_EQ(t.count("Sleeper|main:5;wait:40|idle"), 1u);
    // A spinning thread may be preempted (still 'R'), a sleeping one is asleep nearly always.
    EXPECT_EQ(
        countWhere(t, [](auto& k) { return k.starts_with("spin-thread") && k.ends_with("idle"); }),
        0);
    EXPECT_EQ(t.at("Sleeper|main:5;wait:40|idle"), int(s.taken));
    EXPECT_EQ(p.threadCount(), 2u);
}

TEST(Sampler, LeavesIdleThreadsOutWhenAsked) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 200;
    options.includeIdle = false;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(recordFor(session, 300ms));
    const auto t = tally(session.profile());
    EXPECT_GT(countWhere(t, [](auto& k) { return k.starts_with("spin-thread"); }), 0);
    EXPECT_EQ(countWhere(t, [](auto& k) { return k.starts_with("Sleeper"); }), 0);
    EXPECT_EQ(countWhere(t, [](auto& k) { return k.ends_with("idle"); }), 0);
}

TEST(Sampler, GilOnlyKeepsTheHolder) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 200;
    options.gilOnly = true;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(recordFor(session, 300ms));
    const auto t = tally(session.profile());
    EXPECT_GT(countWhere(t, [](auto& k) { return k.starts_with("spin-thread"); }), 0);
    EXPECT_EQ(countWhere(t, [](auto& k) { return k.starts_with("Sleeper"); }), 0);
}

TEST(Sampler, FunctionModeDropsLineNumbers) {
    Fixture fx;
    fx.reader->threads.resize(1);
    SamplerOptions options;
    options.rateHz = 500;
    options.lineMode = LineMode::Function;
    auto* reader = fx.reader.get();
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    std::this_thread::sleep_for(150ms);
    {
        std::lock_guard lock(reader->mutex);
        reader->threads[0].framesInnermostFirst = {{"spin", 99}, {"main", 4}};
    }
    std::this_thread::sleep_for(150ms);
    session.stop();
    const auto t = tally(session.profile());
    for (const auto& [k, v] : t)
        std::printf("  %-40s %d\n", k.c_str(), v);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t.begin()->first, "spin-thread|main:0;spin:0|gil");
}

TEST(Sampler, SharesStackPrefixesAndFollowsRenames) {
    Fixture fx;
    fx.reader->threads.resize(1);
    SamplerOptions options;
    options.rateHz = 500;
    auto* reader = fx.reader.get();
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    std::this_thread::sleep_for(100ms);
    {
        std::lock_guard lock(reader->mutex);
        reader->threads[0].name = "Worker-1"; // `threading` named it
        reader->threads[0].framesInnermostFirst = {{"inner", 7}, {"spin", 12}, {"main", 3}};
    }
    std::this_thread::sleep_for(100ms);
    session.stop();
    const Profile& p = session.profile();
    EXPECT_EQ(p.str(p.thread(0).name), "Worker-1");
    // main:3 -> spin:12 -> inner:7: three nodes, the first two shared by both stacks.
    EXPECT_EQ(p.stackCount(), 3u);
    const auto t = tally(p);
    EXPECT_EQ(t.count("Worker-1|main:3;spin:12;inner:7|gil"), 1u);
}

TEST(Sampler, DropsAndCountsTornReads) {
    Fixture fx;
    fx.reader->tearEvery = 3;
    auto* reader = fx.reader.get();
    SamplerOptions options;
    options.rateHz = 500;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    for (int i = 0; i < 1000 && reader->reads < 60; ++i)
        std::this_thread::sleep_for(10ms);
    session.stop();
    const SamplerStats s = session.stats();
    EXPECT_GT(s.torn, 10u);
    EXPECT_NEAR(double(s.torn), double(s.taken) / 2, 2.0);
    EXPECT_EQ(session.profile().sampleCount(), 2 * s.taken);
    EXPECT_EQ(s.errors, 0u);
}

TEST(Sampler, TargetExitEndsTheRecordingAndKeepsTheSamples) {
    Fixture fx;
    fx.reader->goneAfter = 25;
    SamplerOptions options;
    options.rateHz = 1000;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    ASSERT_TRUE(session.wait(5s));
    EXPECT_FALSE(session.running());
    const SamplerStats s = session.stats();
    EXPECT_TRUE(s.targetExited);
    EXPECT_EQ(s.taken, 25u);
    EXPECT_EQ(session.profile().sampleCount(), 50u);
    const ProfileMetadata m = session.profile().metadata();
    EXPECT_GT(m.durationNs, 0);
}

TEST(Sampler, DurationEndsTheRecording) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 100;
    options.durationNs = 200'000'000;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    ASSERT_TRUE(session.wait(5s));
    const ProfileMetadata m = session.profile().metadata();
    EXPECT_GE(m.durationNs, 200'000'000);
    EXPECT_LT(m.durationNs, 2'000'000'000);
    EXPECT_FALSE(session.stats().targetExited);
}

TEST(Sampler, StopIsPromptAtALowRate) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 0.2; // one sample every 5 s on average
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    std::this_thread::sleep_for(50ms);
    const auto before = std::chrono::steady_clock::now();
    session.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
    EXPECT_FALSE(session.running());
}

TEST(Sampler, FallingBehindIsSaidOnceAndSkipped) {
    Fixture fx;
    fx.reader->delay = 3ms; // a 3 ms read cannot keep up with 1 kHz
    SamplerOptions options;
    options.rateHz = 1000;
    std::vector<std::string> warnings;
    std::mutex m;
    options.onWarning = [&](const std::string& w) {
        std::lock_guard lock(m);
        warnings.push_back(w);
    };
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(recordFor(session, 2500ms)); // the warning looks at whole seconds
    const SamplerStats s = session.stats();
    ASSERT_EQ(warnings.size(), 1u);
    std::printf("warning: %s\n", warnings[0].c_str());
    EXPECT_NE(warnings[0].find("cannot keep up with 1000 Hz"), std::string::npos);
    EXPECT_NE(warnings[0].find(" ms"), std::string::npos);
    EXPECT_TRUE(s.fellBehind);
    EXPECT_GT(s.missed, 0u);
    EXPECT_GE(s.maxLagNs, 20'000'000);
    EXPECT_EQ(s.taken + s.missed, s.requested);
}

TEST(Sampler, FillsTheMetadata) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 250;
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(recordFor(session, 100ms));
    const ProfileMetadata m = session.profile().metadata();
    EXPECT_EQ(m.pid, getpid());
    EXPECT_EQ(m.pythonVersion, "3.99.1");
    EXPECT_EQ(m.samplingRateHz, 250);
    std::ifstream self("/proc/self/cmdline");
    std::string argv0;
    std::getline(self, argv0, '\0');
    EXPECT_TRUE(m.commandLine.starts_with(argv0)) << m.commandLine;
    EXPECT_TRUE(m.toolVersion.starts_with("spyglass "));
    EXPECT_GT(m.startTimeUnixNs, 1'600'000'000'000'000'000);
    EXPECT_GE(m.durationNs, 100'000'000);
}

// The views read the profile while the loop appends: every published sample must resolve.
TEST(Sampler, ProfileIsReadableWhileRecording) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 20'000;
    auto* reader = fx.reader.get();
    SamplingSession session(std::move(fx.reader), options);
    ASSERT_TRUE(session.start());
    std::atomic<bool> done{false};
    std::thread changer([&] {
        for (uint32_t i = 0; !done; ++i) {
            {
                std::lock_guard lock(reader->mutex);
                reader->threads[0].framesInnermostFirst = {{"f" + std::to_string(i % 50), i % 7},
                                                           {"main", 3}};
            }
            std::this_thread::sleep_for(100us);
        }
    });
    size_t checked = 0;
    const auto until = std::chrono::steady_clock::now() + 400ms;
    while (std::chrono::steady_clock::now() < until) {
        const ProfileSnapshot snap = ProfileSnapshot::of(session.profile());
        const Profile& p = *snap.profile;
        std::vector<FrameId> frames;
        for (size_t i = checked; i < snap.samples; ++i) {
            ASSERT_LT(p.sampleStack(i), snap.stacks);
            ASSERT_LT(p.sampleThread(i), snap.threads);
            p.stackFrames(p.sampleStack(i), frames);
            ASSERT_EQ(frames.size(), 2u);
            for (FrameId f : frames) {
                ASSERT_LT(f, snap.frames);
                ASSERT_LT(p.frame(f).function, snap.functions);
            }
        }
        checked = snap.samples;
        (void)summarizeProfile(snap);
    }
    done = true;
    changer.join();
    session.stop();
    EXPECT_GT(checked, 100u);
}

TEST(Sampler, ASlowFirstSampleIsNotFallingBehind) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 100; // skips after 200 ms of lag
    std::atomic<int> warnings{0};
    options.onWarning = [&](const std::string&) { ++warnings; };
    struct SlowStart : ScriptedReader {
        Result<void> readStacks(Profile& profile, std::vector<ThreadStack>& out) override {
            if (reads == 0) std::this_thread::sleep_for(500ms);
            return ScriptedReader::readStacks(profile, out);
        }
    };
    auto reader = std::make_unique<SlowStart>();
    reader->threads = fx.reader->threads;
    SamplingSession session(std::move(reader), options);
    ASSERT_TRUE(recordFor(session, 1500ms));
    const SamplerStats s = session.stats();
    EXPECT_EQ(warnings.load(), 0);
    EXPECT_EQ(s.missed, 0u);
    EXPECT_GE(s.firstSampleNs, 500'000'000);
    EXPECT_LT(s.maxLagNs, 200'000'000);
}
