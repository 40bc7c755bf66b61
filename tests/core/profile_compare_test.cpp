#include <gtest/gtest.h>

#include "core/query/call_tree.h"
#include "core/query/profile_compare.h"
#include "core/test_profiles.h"

using namespace spyglass;
using spyglass::testing::profileFromCollapsed;

TEST(ProfileCompare, MergeAddsSamplesAndKeepsThreads) {
    auto a = profileFromCollapsed("[main] main;a 2\n");
    auto b = profileFromCollapsed("[main] main;b 1\n[worker] run 3\n");
    auto merged = mergeProfiles(*a, *b);
    EXPECT_EQ(merged->sampleCount(), 3u);
    EXPECT_EQ(merged->threadCount(), 2u);
    EXPECT_EQ(buildCallTree(ProfileSnapshot::of(*merged), {}, TreeKind::TopDown).dump(*merged),
              "main 3 0\n  a 2 2\n  b 1 1\nrun 3 3\n");
    // b's samples come after a's in time.
    EXPECT_GT(merged->sampleTime(1), merged->sampleTime(0));
}

TEST(ProfileCompare, DiffPerFrame) {
    auto a = profileFromCollapsed("main:1;slow:10 8\nmain:1;fast:20 2\n");
    auto b = profileFromCollapsed("main:1;slow:10 2\nmain:1;fast:20 8\n");
    const auto diff = diffProfiles(*a, *b);
    ASSERT_FALSE(diff.empty());
    // main is 100% in both, so it does not change; slow and fast swap 60 points of share.
    const FrameDiff& top = diff.front();
    EXPECT_TRUE(top.function == "fast" || top.function == "slow");
    for (const FrameDiff& d : diff) {
        if (d.function == "slow") {
            EXPECT_EQ(d.selfA, 8);
            EXPECT_EQ(d.selfB, 2);
            EXPECT_EQ(d.line, 10u);
            EXPECT_NEAR(d.totalShareDelta, -0.6, 1e-9);
        }
        if (d.function == "main") EXPECT_NEAR(d.totalShareDelta, 0.0, 1e-9);
    }
}

TEST(ProfileCompare, DiffByFunctionMergesLines) {
    auto a = profileFromCollapsed("f:1 1\nf:2 1\n");
    auto b = profileFromCollapsed("f:3 4\n");
    const auto diff = diffProfiles(*a, *b, false);
    ASSERT_EQ(diff.size(), 1u);
    EXPECT_EQ(diff[0].totalA, 2);
    EXPECT_EQ(diff[0].totalB, 4);
}
