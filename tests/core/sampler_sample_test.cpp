// One sample's bookkeeping: root-first stacks, idle flags, names, --gil, --function, torn reads.
#include "core/sampling/sampling_session.h"
#include "sampler_test_reader.h"

#include <gtest/gtest.h>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::chrono_literals;

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

TEST(Sampler, FunctionModeReportsFirstLines) {
    Fixture fx;
    fx.reader->threads.resize(1);
    fx.reader->firstLines = {{"spin", 97}, {"main", 1}};
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
    // The reader was told: every sample of a function shows its first line, whatever line runs.
    EXPECT_EQ(t.begin()->first, "spin-thread|main:1;spin:97|gil");
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

namespace {

// A session over a reader whose every `tearEvery`-th read tears, until it has read 60 times.
struct TearingRun {
    SamplerStats stats;
    size_t samples = 0;
};
TearingRun recordTearing(int tearEvery, int tornRetries) {
    Fixture fx;
    fx.reader->tearEvery = tearEvery;
    auto* reader = fx.reader.get();
    SamplerOptions options;
    options.rateHz = 500;
    options.tornRetries = tornRetries;
    SamplingSession session(std::move(fx.reader), options);
    EXPECT_TRUE(session.start());
    for (int i = 0; i < 1000 && reader->reads < 60; ++i)
        std::this_thread::sleep_for(10ms);
    session.stop();
    return {session.stats(), session.profile().sampleCount()};
}

} // namespace

TEST(Sampler, DropsAndCountsTornReads) {
    const auto [s, samples] = recordTearing(3, 0);
    EXPECT_GT(s.torn, 10u);
    EXPECT_NEAR(double(s.torn), double(s.taken) / 2, 2.0);
    EXPECT_EQ(samples, 2 * s.taken);
    EXPECT_EQ(s.errors, 0u);
}

TEST(Sampler, ReadsATornSampleAgainAtOnce) {
    // Reads 3, 6, 9, ... tear; the read after each does not.
    const auto [s, samples] = recordTearing(3, 2);
    // Every tick's sample is taken; a third of the reads tore and were read again.
    EXPECT_EQ(s.torn, 0u);
    EXPECT_GT(s.retried, 10u);
    EXPECT_NEAR(double(s.retried), double(s.taken) / 2, 2.0);
    EXPECT_EQ(s.taken + s.missed, s.requested);
    EXPECT_EQ(samples, 2 * s.taken);
}

TEST(Sampler, GivesUpOnATickAfterItsRetries) {
    const auto [s, samples] = recordTearing(1, 2); // every read tears
    EXPECT_EQ(s.taken, 0u);
    EXPECT_GT(s.torn, 10u);
    // Three reads a tick: the first and two retries (the tick in progress at the stop aside).
    EXPECT_NEAR(double(s.retried), 2.0 * double(s.torn), 2.0);
    EXPECT_EQ(samples, 0u);
}
