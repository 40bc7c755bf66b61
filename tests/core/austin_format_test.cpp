// Austin 3.x text: the four real recordings (wall, cpu, memory, full) of the two-thread demo
// program, headerless output, and bad input.
#include "core/format_test_util.h"
#include "core/query/profile_summary.h"

#include <gtest/gtest.h>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::string_literals;

namespace {

std::string austinFile(const char* name) {
    return profilesDir() + "austin/" + name;
}

size_t idleSamples(const Profile& p) {
    size_t n = 0;
    for (size_t i = 0; i < p.sampleCount(); ++i)
        n += (p.sampleFlags(i) & kSampleIdle) != 0;
    return n;
}

} // namespace

TEST(AustinRead, WallModeSnapshot) {
    auto p = mustRead(austinFile("wall-3.7.austin"));
    ASSERT_EQ(p->metrics().size(), 1u);
    EXPECT_EQ(p->metrics()[0].name, "wall");
    EXPECT_EQ(p->metrics()[0].unit, MetricUnit::Nanoseconds);
    EXPECT_EQ(p->sampleCount(), 4357u);
    ASSERT_EQ(p->threadCount(), 2u);
    EXPECT_EQ(p->thread(0).id, 1322u);
    EXPECT_EQ(p->thread(1).id, 1324u);
    const ProfileMetadata m = p->metadata();
    EXPECT_EQ(m.toolVersion, "austin 3.7.0");
    EXPECT_EQ(m.pid, 1322);
    EXPECT_EQ(m.samplingRateHz, 1000);
    EXPECT_EQ(m.durationNs, 3048369000);
    EXPECT_EQ(m.sourceFormat, "austin");
    // µs become ns; samples without frames keep no stack, so the tree holds the 4352 others.
    EXPECT_EQ(treeDump(*p, true, 0, 2), "<module>:24 3010589000 0\n"
                                        "  main:21 2969786000 30865000\n"
                                        "  main:20 35446000 35446000\n"
                                        "  main:19 5357000 0\n"
                                        "Thread._bootstrap:995 3002992000 0\n"
                                        "  Thread._bootstrap_inner:1038 3002992000 0\n"
                                        "<module>:1 23038000 0\n"
                                        "  _find_and_load:1178 23038000 0\n"
                                        "_find_and_load:1178 5586000 0\n"
                                        "  _find_and_load_unlocked:1149 5586000 0\n"
                                        "<invalid frame> 5246000 0\n"
                                        "  _find_and_load:1178 2261000 0\n"
                                        "  _verbose_message:246 1909000 0\n"
                                        "  Tokenizer.match:251 1076000 0\n");
    EXPECT_EQ(buildCallTree(ProfileSnapshot::of(*p), {}, TreeKind::TopDown).totalWeight(),
              6047451000);
    // Timestamps: each thread's running sum of its time deltas, so they never go back.
    int64_t last[2] = {0, 0};
    for (size_t i = 0; i < p->sampleCount(); ++i) {
        const ThreadIndex t = p->sampleThread(i);
        EXPECT_GT(p->sampleTime(i), last[t]);
        last[t] = p->sampleTime(i);
    }
}

TEST(AustinRead, FramesKeepFilesLinesAndCategories) {
    auto p = mustRead(austinFile("cpu-3.7.austin"));
    bool sawDumps = false, sawFrozen = false;
    for (FunctionId f = 0; f < p->functionCount(); ++f) {
        if (p->functionName(f) == "dumps") {
            sawDumps = true;
            EXPECT_EQ(p->functionFile(f), "/usr/lib/python3.11/json/__init__.py");
            EXPECT_EQ(p->function(f).category, PackageCategory::StandardLibrary);
            EXPECT_EQ(p->str(p->function(f).module), "json");
        }
        if (p->functionFile(f) == "<frozen importlib._bootstrap>") sawFrozen = true;
        if (p->functionName(f) == "background")
            EXPECT_EQ(p->function(f).category, PackageCategory::User);
    }
    EXPECT_TRUE(sawDumps);
    EXPECT_TRUE(sawFrozen);
}

TEST(AustinRead, CpuModeSnapshot) {
    auto p = mustRead(austinFile("cpu-3.7.austin"));
    EXPECT_EQ(p->metrics()[0].name, "cpu");
    EXPECT_EQ(p->sampleCount(), 2276u);
    EXPECT_EQ(treeDump(*p, true, 0, 1), "Thread._bootstrap:995 1559443000 0\n"
                                        "<module>:24 1557007000 0\n"
                                        "_find_and_load:1178 11212000 0\n"
                                        "<module>:1 6582000 0\n"
                                        "<invalid frame> 5484000 3293000\n"
                                        "<module>:490 1093000 1093000\n");
}

TEST(AustinRead, MemoryModeSplitsAllocationsAndReleases) {
    auto p = mustRead(austinFile("memory-3.7.austin"));
    ASSERT_EQ(p->metrics().size(), 2u);
    EXPECT_EQ(p->metrics()[0].name, "alloc");
    EXPECT_EQ(p->metrics()[1].name, "free");
    EXPECT_EQ(p->metrics()[0].unit, MetricUnit::Bytes);
    EXPECT_EQ(p->sampleCount(), 20u);
    EXPECT_EQ(treeDump(*p, true, 0, 2), "<module>:24 2334720 0\n"
                                        "  main:21 2334720 180224\n"
                                        "<module>:1 1003520 0\n"
                                        "  _find_and_load:1178 1003520 0\n"
                                        "Thread._bootstrap:995 774144 0\n"
                                        "  Thread._bootstrap_inner:1038 774144 0\n"
                                        "<invalid frame> 28672 28672\n");
    // The one release (-1032192 bytes) happened with no Python frame on the stack.
    int64_t freed = 0;
    for (size_t i = 0; i < p->sampleCount(); ++i)
        freed += p->sampleWeight(i, 1);
    EXPECT_EQ(freed, 1032192);
}

TEST(AustinRead, FullModeHasWallCpuMemoryAndIdle) {
    auto p = mustRead(austinFile("full-3.7.austin"));
    ASSERT_EQ(p->metrics().size(), 4u);
    EXPECT_EQ(p->metrics()[0].name, "wall");
    EXPECT_EQ(p->metrics()[1].name, "cpu");
    EXPECT_EQ(p->sampleCount(), 4375u);
    int64_t wall = 0, cpu = 0, alloc = 0, freed = 0;
    for (size_t i = 0; i < p->sampleCount(); ++i) {
        wall += p->sampleWeight(i, 0);
        cpu += p->sampleWeight(i, 1);
        alloc += p->sampleWeight(i, 2);
        freed += p->sampleWeight(i, 3);
        if (p->sampleFlags(i) & kSampleIdle) EXPECT_EQ(p->sampleWeight(i, 1), 0);
    }
    // Sums of the file's `time,idle,mem` columns (checked with awk).
    EXPECT_EQ(wall, 5951990000);
    EXPECT_EQ(cpu, 3061675000);
    EXPECT_EQ(alloc, 917504);
    EXPECT_EQ(freed, 1032192);
    EXPECT_GT(idleSamples(*p), 1000u);
    EXPECT_EQ(treeDump(*p, true, 1, 1), "Thread._bootstrap:995 1532131000 0\n"
                                        "<module>:24 1525212000 0\n"
                                        "<invalid frame> 1096000 0\n");
}

TEST(AustinRead, HeaderlessOutputIsDetectedAndModeInferred) {
    auto wall =
        readData("P7;T0:7;/a.py:main:3;/a.py:work:9 1500\nP7;T0:8;/a.py:run:5 200\n", "x.austin");
    ASSERT_TRUE(wall.profile) << wall.error;
    EXPECT_EQ(wall.profile->metadata().sourceFormat, "austin");
    EXPECT_EQ(wall.profile->metrics()[0].name, "wall");
    EXPECT_EQ(treeDump(*wall.profile, true),
              "main:3 1500000 0\n  work:9 1500000 1500000\nrun:5 200000 200000\n");
    auto full =
        readData("P7;T0:7;/a.py:main:3 100,1,-4096\nP7;T0:7;/a.py:main:3 50,0,8192\n", "x.austin");
    ASSERT_TRUE(full.profile) << full.error;
    EXPECT_EQ(full.profile->metrics().size(), 4u);
    EXPECT_EQ(idleSamples(*full.profile), 1u);
    EXPECT_EQ(treeDump(*full.profile, true, 1), "main:3 50000 50000\n");
}

TEST(AustinRead, WindowsPathsAndSpecialFrames) {
    auto r = readData("# austin: 3.7.0\n# mode: cpu\n\n"
                      "P1;T0:2;C:\\app\\main.py:run:12;:GC: 10\n"
                      "P1;T0:2;kernel:do_syscall_64:0 5\n",
                      "win.austin");
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(treeDump(*r.profile, true), "run:12 10000 0\n  <garbage collection> 10000 10000\n"
                                          "do_syscall_64 5000 5000\n");
    EXPECT_EQ(r.profile->functionFile(0), "C:\\app\\main.py");
    EXPECT_EQ(r.profile->function(2).kind, FrameKind::Native);
}

TEST(AustinBadInput, OneClearErrorNamingFileAndLine) {
    struct Case {
        std::string text;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"# austin: 3.7.0\n# mode: wall\n\n# duration: 10\n",
         "bad.austin: the Austin file holds no samples"},
        {"# austin: 3.7.0\n# mode: wall\nP1;T0:1;/a.py:main:1 abc\n", "bad.austin:3: the metric"},
        {"# austin: 3.7.0\n# mode: wall\nP1;T0:1;/a.py:main:1 99999999999999999999\n",
         "bad.austin:3: the metric"},
        {"# austin: 3.7.0\n# mode: full\nP1;T0:1;/a.py:main:1 5\n",
         "bad.austin:3: full mode wants three"},
        {"# austin: 3.7.0\n# mode: full\nP1;T0:1;/a.py:main:1 5,2,0\n", "bad.austin:3: the metric"},
        {"# austin: 3.7.0\nP1;T0:1;/a.py:main 5\n",
         "bad.austin:2: a frame is not FILE:FUNCTION:LINE"},
        {"# austin: 3.7.0\nP1;Tx:1;/a.py:main:1 5\n", "bad.austin:2: the thread"},
        {"# austin: 3.7.0\nP1;T0:1;/a.py:ma\0in:1 5\n"s, "bad.austin:2: contains a NUL byte"},
        {"# austin: 3.7.0\nhello world\n", "bad.austin:2: not an Austin sample line"},
        {"# austin: 3.7.0\nP1;T0:1;/a.py:main:1 5\ngarbage 1\nmore garbage\n",
         "bad.austin:3: not an Austin sample"},
    };
    for (const Case& c : cases) {
        ReadOutcome r = readData(c.text, "bad.austin");
        ASSERT_FALSE(r.profile) << c.expected;
        EXPECT_NE(r.error.find(c.expected), std::string::npos) << "got: " << r.error;
    }
}

TEST(AustinBadInput, TruncatedLastLineIsSkippedAndTold) {
    std::string text = slurp(austinFile("wall-3.7.austin"));
    text.resize(text.size() / 2);
    text.resize(text.rfind(';') + 3); // cut inside a frame
    ReadOutcome r = readData(text, "cut.austin");
    ASSERT_TRUE(r.profile) << r.error;
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("cut.austin:"), std::string::npos) << r.warnings[0];
    EXPECT_GT(r.profile->sampleCount(), 1000u);
}

TEST(AustinBadInput, DeepStackIsRefused) {
    std::string text = "# austin: 3.7.0\n# mode: wall\nP1;T0:1";
    for (int i = 0; i < 100000; ++i)
        text += ";/a.py:f:1";
    text += " 5\n";
    ReadOutcome r = readData(text, "deep.austin");
    ASSERT_FALSE(r.profile);
    EXPECT_NE(r.error.find("deep.austin:3: stack deeper than 65536 frames"), std::string::npos)
        << r.error;
}
