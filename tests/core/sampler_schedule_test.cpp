// The sampling schedule: exponential intervals with an exact mean, absolute deadlines, skipping.
#include "core/sampling/sample_schedule.h"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using namespace spyglass;

TEST(SampleSchedule, FirstDeadlineIsImmediate) {
    SampleSchedule s(100, ScheduleJitter::Exponential, 1);
    EXPECT_EQ(s.deadlineNs(), 0);
    EXPECT_DOUBLE_EQ(s.meanIntervalNs(), 1e7);
}

TEST(SampleSchedule, ExponentialIntervalsKeepTheMeanRate) {
    SampleSchedule s(1000, ScheduleJitter::Exponential, 42);
    const int n = 200'000;
    std::vector<double> intervals;
    int64_t previous = s.deadlineNs();
    for (int i = 0; i < n; ++i) {
        s.advance();
        intervals.push_back(double(s.deadlineNs() - previous));
        previous = s.deadlineNs();
    }
    double sum = 0, sq = 0;
    for (double v : intervals)
        sum += v;
    const double mean = sum / n;
    for (double v : intervals)
        sq += (v - mean) * (v - mean);
    const double sd = std::sqrt(sq / n);
    // Mean 1 ms (standard error 1/sqrt(n) = 0.22 %), and an exponential's spread: sd == mean.
    EXPECT_NEAR(mean, 1e6, 1e6 * 0.01);
    EXPECT_NEAR(sd / mean, 1.0, 0.02);
    // Absolute deadlines: the n-th deadline is the sum of the intervals, so no drift accumulates.
    EXPECT_NEAR(double(s.deadlineNs()), double(n) * 1e6, double(n) * 1e6 * 0.01);
}

TEST(SampleSchedule, PeriodicWhenAsked) {
    SampleSchedule s(250, ScheduleJitter::None);
    for (int i = 0; i < 1000; ++i)
        s.advance();
    EXPECT_EQ(s.deadlineNs(), 4'000'000'000);
}

// A loop whose period equals the sampling interval: fixed intervals always land on the same
// phase, jittered ones see each phase as often as it lasts.
TEST(SampleSchedule, JitterDoesNotAliasWithAPeriodicProgram) {
    const double periodNs = 10e6; // the program spends the first 30 % of every 10 ms in "hot"
    auto hotShare = [&](ScheduleJitter jitter) {
        SampleSchedule s(100, jitter, 7);
        int hot = 0;
        const int n = 20'000;
        for (int i = 0; i < n; ++i) {
            s.advance();
            const double phase = std::fmod(double(s.deadlineNs()) + 1e6, periodNs) / periodNs;
            if (phase < 0.3) ++hot;
        }
        return double(hot) / n;
    };
    EXPECT_NEAR(hotShare(ScheduleJitter::Exponential), 0.30, 0.02);
    const double periodic = hotShare(ScheduleJitter::None);
    EXPECT_TRUE(periodic == 0.0 || periodic == 1.0) << periodic;
}

TEST(SampleSchedule, SkipToForgetsTheMissedTicks) {
    SampleSchedule s(1000, ScheduleJitter::None);
    s.advance(); // deadline 1 ms
    EXPECT_EQ(s.skipTo(501'000'000), 500u);
    EXPECT_EQ(s.deadlineNs(), 501'000'000);
    s.advance();
    EXPECT_EQ(s.deadlineNs(), 502'000'000);
    EXPECT_EQ(s.skipTo(100), 0u); // a deadline still ahead stays
    EXPECT_EQ(s.deadlineNs(), 502'000'000);
}
