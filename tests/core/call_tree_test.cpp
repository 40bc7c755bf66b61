#include <gtest/gtest.h>

#include "core/query/call_tree.h"
#include "core/query/function_stats.h"
#include "core/query/profile_summary.h"
#include "core/test_profiles.h"

using namespace spyglass;
using spyglass::testing::profileFromCollapsed;

namespace {

std::string topDown(const Profile& p, const SampleFilter& f = {}, TreeOptions o = {}) {
    return buildCallTree(ProfileSnapshot::of(p), f, TreeKind::TopDown, o).dump(p);
}
std::string bottomUp(const Profile& p, const SampleFilter& f = {}) {
    return buildCallTree(ProfileSnapshot::of(p), f, TreeKind::BottomUp).dump(p);
}

FunctionId fn(const Profile& p, std::string_view name) {
    for (FunctionId f = 0; f < p.functionCount(); ++f)
        if (p.functionName(f) == name) return f;
    ADD_FAILURE() << "no function " << name;
    return 0;
}

} // namespace

TEST(CallTree, TopDownMergesCommonPrefixesAndSortsByWeight) {
    auto p = profileFromCollapsed("main;a;b 3\nmain;a 1\nmain;c 5\nmain;a;b 2\n");
    EXPECT_EQ(topDown(*p), "main 11 0\n"
                           "  a 6 1\n"
                           "    b 5 5\n"
                           "  c 5 5\n");
}

TEST(CallTree, BottomUpStartsAtTheLeaves) {
    auto p = profileFromCollapsed("main;a;b 3\nmain;c;b 2\nmain;a 1\n");
    EXPECT_EQ(bottomUp(*p), "b 5 5\n"
                            "  a 3 0\n"
                            "    main 3 0\n"
                            "  c 2 0\n"
                            "    main 2 0\n"
                            "a 1 1\n"
                            "  main 1 0\n");
}

TEST(CallTree, ByLineSplitsAFunctionsNodes) {
    auto p = profileFromCollapsed("main:1;f:10 2\nmain:1;f:11 1\n");
    EXPECT_EQ(topDown(*p), "main 3 0\n  f 3 3\n");
    EXPECT_EQ(topDown(*p, {}, TreeOptions{0, true}), "main:1 3 0\n  f:10 2 2\n  f:11 1 1\n");
}

TEST(CallTree, RecursionCountsOncePerSampleInFunctionTotals) {
    auto p = profileFromCollapsed("main;rec;rec;rec 4\nmain;other 1\n");
    const FunctionStats s = computeFunctionStats(ProfileSnapshot::of(*p), {});
    ASSERT_EQ(s.totalWeight, 5);
    for (const FunctionStat& f : s.functions) {
        if (p->functionName(f.function) == "rec") {
            EXPECT_EQ(f.total, 4);
            EXPECT_EQ(f.self, 4);
        }
        if (p->functionName(f.function) == "main") {
            EXPECT_EQ(f.total, 5);
            EXPECT_EQ(f.self, 0);
        }
    }
    EXPECT_EQ(p->functionName(s.functions.front().function), "main");
}

TEST(Filter, TimeRangeAndThreads) {
    auto p = profileFromCollapsed("[main] @0 main;a 1\n[main] @10 main;b 1\n[worker] @20 run;c 1\n");
    SampleFilter range;
    range.timeBegin = 5;
    range.timeEnd = 25;
    EXPECT_EQ(topDown(*p, range), "main 1 0\n  b 1 1\nrun 1 0\n  c 1 1\n");
    SampleFilter worker;
    worker.threads = {1};
    EXPECT_EQ(topDown(*p, worker), "run 1 0\n  c 1 1\n");
}

TEST(Filter, FocusReRootsAndExcludeDrops) {
    auto p = profileFromCollapsed("main;a;x 2\nmain;b;a;y 1\nmain;c 4\n");
    SampleFilter focus;
    focus.focus = {fn(*p, "a")};
    EXPECT_EQ(topDown(*p, focus), "a 3 0\n  x 2 2\n  y 1 1\n");
    SampleFilter exclude;
    exclude.excluded = {fn(*p, "a")};
    EXPECT_EQ(topDown(*p, exclude), "main 4 0\n  c 4 4\n");
}

TEST(Filter, MyCodeOnlyFoldsLibraryRuns) {
    auto p = profileFromCollapsed(
        "main@/srv/app.py;loads@/usr/lib/python3.11/json/__init__.py;decode@/usr/lib/python3.11/json/decoder.py;"
        "hook@/srv/app.py 2\n"
        "main@/srv/app.py;get@/venv/lib/python3.11/site-packages/requests/api.py 1\n");
    SampleFilter mine;
    mine.myCodeOnly = true;
    EXPECT_EQ(topDown(*p, mine), "main 3 0\n  [json] 2 0\n    hook 2 2\n  [requests] 1 1\n");
}

TEST(Filter, IdleSamplesCanBeHidden) {
    auto p = profileFromCollapsed("main;a 1\n");
    const ThreadIndex t = p->sampleThread(0);
    const FrameId f = p->internFrame(p->internFunction("wait", "app.py"), 3);
    p->appendSample(5, t, p->internStack(std::vector<FrameId>{f}), 7, kSampleIdle);
    SampleFilter busy;
    busy.includeIdle = false;
    EXPECT_EQ(topDown(*p, busy), "main 1 0\n  a 1 1\n");
    EXPECT_EQ(summarizeProfile(ProfileSnapshot::of(*p)).idleSamples, 1u);
}

TEST(LineStats, SelfAndTotalPerLine) {
    auto p = profileFromCollapsed("main@m.py:5;f@m.py:20 3\nmain@m.py:5;g@n.py:7 1\nmain@m.py:6 2\n");
    const LineStats ls = computeLineStats(ProfileSnapshot::of(*p), {});
    ASSERT_EQ(ls.totalWeight, 6);
    auto find = [&](std::string_view file, uint32_t line) {
        for (const LineStat& l : ls.lines)
            if (p->str(l.file) == file && l.line == line) return l;
        return LineStat{};
    };
    EXPECT_EQ(find("m.py", 5).total, 4);
    EXPECT_EQ(find("m.py", 5).self, 0);
    EXPECT_EQ(find("m.py", 20).self, 3);
    EXPECT_EQ(find("m.py", 6).self, 2);
    EXPECT_EQ(find("n.py", 7).total, 1);
    StringId nFile = 0;
    ASSERT_TRUE(p->strings().lookup("n.py", nFile));
    EXPECT_EQ(computeLineStats(ProfileSnapshot::of(*p), {}, 0, nFile).lines.size(), 1u);
}
