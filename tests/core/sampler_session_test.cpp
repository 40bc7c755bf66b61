// The sampling loop: target exit, duration, prompt stop, falling behind, metadata, live reads.
#include "core/query/profile_summary.h"
#include "core/sampling/sampling_session.h"
#include "sampler_test_reader.h"

#include <gtest/gtest.h>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::chrono_literals;

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

namespace {

// A session whose every read takes 3 ms, at 1 kHz: it cannot keep up.
struct BehindRun {
    std::vector<std::string> warnings;
    SamplerStats stats;
    bool recorded = false;
};
BehindRun recordBehind(std::chrono::milliseconds length) {
    Fixture fx;
    fx.reader->delay = 3ms;
    SamplerOptions options;
    options.rateHz = 1000;
    BehindRun run;
    std::mutex m;
    options.onWarning = [&](const std::string& w) {
        std::lock_guard lock(m);
        run.warnings.push_back(w);
    };
    SamplingSession session(std::move(fx.reader), options);
    run.recorded = recordFor(session, length).ok();
    run.stats = session.stats();
    for (const auto& w : run.warnings)
        std::printf("warning: %s\n", w.c_str());
    return run;
}

} // namespace

TEST(Sampler, FallingBehindIsSaidOnceAndSkipped) {
    const BehindRun run = recordBehind(2500ms); // the warning looks at whole seconds
    ASSERT_TRUE(run.recorded);
    ASSERT_EQ(run.warnings.size(), 1u);
    EXPECT_NE(run.warnings[0].find("cannot keep up with 1000 Hz"), std::string::npos);
    EXPECT_NE(run.warnings[0].find(" ms"), std::string::npos);
    const SamplerStats& s = run.stats;
    EXPECT_TRUE(s.fellBehind);
    EXPECT_GT(s.missed, 0u);
    EXPECT_GE(s.maxLagNs, 20'000'000);
    EXPECT_EQ(s.taken + s.missed, s.requested);
}

TEST(Sampler, ARecordingShorterThanASecondSaysItFellBehindToo) {
    const BehindRun run = recordBehind(700ms); // ... and at the end, at what there was
    ASSERT_TRUE(run.recorded);
    ASSERT_EQ(run.warnings.size(), 1u);
    EXPECT_NE(run.warnings[0].find("of the samples of the last 0."), std::string::npos);
    EXPECT_TRUE(run.stats.fellBehind);
}

TEST(Sampler, FillsTheMetadata) {
    Fixture fx;
    SamplerOptions options;
    options.rateHz = 250;
    SamplingSession session(std::move(fx.reader), options);
    const auto before = std::chrono::steady_clock::now();
    ASSERT_TRUE(recordFor(session, 100ms));
    const auto wallNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - before)
                            .count();
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
    // The duration covers every sample and no more than the recording's wall time; when the
    // worker thread starts (a loaded machine delays it) is not the test's business.
    const Profile& p = session.profile();
    ASSERT_GT(p.sampleCount(), 1u);
    EXPECT_GE(m.durationNs, p.sampleTime(p.sampleCount() - 1) - p.sampleTime(0));
    EXPECT_LE(m.durationNs, wallNs);
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
