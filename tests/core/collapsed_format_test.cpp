// Folded stacks: speedscope's real sample files, py-spy raw output with thread and process frames,
// write -> read round trips, writer options, and bad input that must end in one clear message.
#include "core/format_test_util.h"

#include <gtest/gtest.h>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::string_literals;

namespace {

std::string stackcollapse(const char* name) {
    return profilesDir() + "speedscope-samples/stackcollapse/" + name;
}

const char* const kSimpleTree = "a 14 0\n"
                                "  b 14 5\n"
                                "    c 5 5\n"
                                "    d 4 4\n";

// What `py-spy record -f raw --threads --subprocesses` writes (shortened to a few lines).
const char* const kPySpyRaw =
    "process 4242:\"python app.py --fast\";thread (4243): MainThread;<module> (/srv/app.py:30);"
    "main (/srv/app.py:22);loads (/usr/lib/python3.11/json/__init__.py:346) 7\n"
    "process 4242:\"python app.py --fast\";thread (4243): MainThread;<module> (/srv/app.py:30);"
    "main (/srv/app.py:24) 2\n"
    "process 4242:\"python app.py --fast\";thread (0x7F3A2B1C0640);run (/srv/venv/lib/python3.11/"
    "site-packages/worker/pool.py:88);_PyEval_EvalFrameDefault (ceval.c:1500) 3\n"
    "process 4242:\"python app.py --fast\";thread (4243): MainThread;<module> (/srv/app.py:30);"
    "main (/srv/app.py:22);loads (/usr/lib/python3.11/json/__init__.py:346) 1\n";

std::string roundTrip(const Profile& p, WriteOptions o, bool byLine) {
    const std::string text = writeToString(p, FileFormat::Collapsed, o, "roundtrip.txt");
    auto back = mustParse(text);
    return treeDump(*back, byLine);
}

} // namespace

TEST(CollapsedRead, SimpleFileSnapshot) {
    auto p = mustRead(stackcollapse("simple.txt"));
    EXPECT_EQ(treeDump(*p), kSimpleTree);
    EXPECT_EQ(p->sampleCount(), 5u);
    EXPECT_EQ(p->threadCount(), 1u);
    EXPECT_EQ(p->metadata().sourceFormat, "collapsed");
    // One sample per line, weight = count, timestamp = line order.
    EXPECT_EQ(p->sampleWeight(2, 0), 4);
    EXPECT_EQ(p->sampleTime(4), 4);
}

TEST(CollapsedRead, CrlfAndUtf16InBothByteOrdersReadLikeThePlainFile) {
    for (const char* name : {"simple-crlf.txt", "simple-utf16-le.txt", "simple-utf16-be.txt"}) {
        auto p = mustRead(stackcollapse(name));
        EXPECT_EQ(treeDump(*p), kSimpleTree) << name;
        EXPECT_EQ(p->functionName(0), "a") << name; // no stray BOM or '\r' in names
    }
}

TEST(CollapsedRead, Utf8ByteOrderMarkIsIgnored) {
    auto p = mustParse("\xEF\xBB\xBFmain;work 3\n");
    EXPECT_EQ(treeDump(*p), "main 3 0\n  work 3 3\n");
}

TEST(CollapsedRead, InvalidLinesAreSkippedWithOneWarningNamingTheFirst) {
    ReadOutcome r = readPath(stackcollapse("simple-with-invalids.txt"));
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(treeDump(*r.profile), kSimpleTree);
    ASSERT_EQ(r.warnings.size(), 1u);
    // Line 1 is a '#' comment; line 2 ("// some other comment") is the first invalid one.
    EXPECT_NE(r.warnings[0].find("simple-with-invalids.txt:2: no sample count"), std::string::npos)
        << r.warnings[0];
    EXPECT_NE(r.warnings[0].find("skipped 2 invalid lines"), std::string::npos) << r.warnings[0];
}

TEST(CollapsedRead, RecursionAlternatingAndTallSnapshots) {
    EXPECT_EQ(treeDump(*mustRead(stackcollapse("recursion.txt"))), "a 9 0\n"
                                                                   "  b 8 1\n"
                                                                   "    a 7 0\n"
                                                                   "      b 5 2\n"
                                                                   "        c 2 2\n"
                                                                   "        a 1 0\n"
                                                                   "          b 1 1\n"
                                                                   "      c 2 2\n"
                                                                   "  a 1 1\n"
                                                                   "b 1 0\n"
                                                                   "  b 1 1\n");
    auto alternating = mustRead(stackcollapse("alternating.txt"));
    EXPECT_EQ(alternating->sampleCount(), 182u); // the last line has no '\n'
    EXPECT_EQ(treeDump(*alternating), "a 91 0\n  b 91 91\nc 91 0\n  d 91 91\n");
    auto tall = mustRead(stackcollapse("tall.txt"));
    ASSERT_EQ(tall->sampleCount(), 1u);
    EXPECT_EQ(tall->stack(tall->sampleStack(0)).depth, 26u);
}

TEST(CollapsedRead, RealPerfCaptureKeepsEveryLine) {
    ReadOutcome r = readPath(stackcollapse("perf-vertx-stacks-01-collapsed-all.txt"));
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0]; // line 15 ends in "; 3": a trailing ';'
    EXPECT_EQ(r.profile->sampleCount(), 199u);
    EXPECT_EQ(treeDump(*r.profile, false, 0, 3), "java 285 0\n"
                                                 "  start_thread 281 0\n"
                                                 "    java_start 281 0\n"
                                                 "  write 3 0\n"
                                                 "    check_events_[k] 3 0\n"
                                                 "  read 1 0\n"
                                                 "    check_events_[k] 1 0\n");
}

TEST(CollapsedRead, PySpyRawFramesThreadsAndProcesses) {
    auto p = mustParse(kPySpyRaw);
    ASSERT_EQ(p->threadCount(), 2u);
    EXPECT_EQ(p->thread(0).id, 4243u);
    EXPECT_EQ(p->str(p->thread(0).name), "MainThread");
    EXPECT_EQ(p->thread(1).id, 0x7F3A2B1C0640u);
    EXPECT_EQ(p->metadata().pid, 4242);
    EXPECT_EQ(p->metadata().commandLine, "python app.py --fast");
    EXPECT_EQ(treeDump(*p, true), "process 4242:\"python app.py --fast\" 13 0\n"
                                  "  <module>:30 10 0\n"
                                  "    main:22 8 0\n"
                                  "      loads:346 8 8\n"
                                  "    main:24 2 2\n"
                                  "  run:88 3 0\n"
                                  "    _PyEval_EvalFrameDefault:1500 3 3\n");
    // Names, files, kinds and the categories views color by.
    bool sawLoads = false, sawNative = false, sawProcess = false;
    for (FunctionId f = 0; f < p->functionCount(); ++f) {
        const Function& fn = p->function(f);
        if (p->functionName(f) == "loads") {
            sawLoads = true;
            EXPECT_EQ(p->functionFile(f), "/usr/lib/python3.11/json/__init__.py");
            EXPECT_EQ(fn.kind, FrameKind::Python);
            EXPECT_EQ(fn.category, PackageCategory::StandardLibrary);
        }
        if (p->functionName(f) == "_PyEval_EvalFrameDefault") {
            sawNative = true;
            EXPECT_EQ(fn.kind, FrameKind::Native);
        }
        if (fn.kind == FrameKind::Thread) sawProcess = true;
    }
    EXPECT_TRUE(sawLoads && sawNative && sawProcess);
}

TEST(CollapsedRead, FunctionWithFileButNoLineAndBareNames) {
    auto p = mustParse("main (app.py);work (app.py) 2\nmain (app.py);helper 1\n");
    EXPECT_EQ(treeDump(*p, true), "main 3 0\n  work 2 2\n  helper 1 1\n");
    EXPECT_EQ(p->functionFile(1), "app.py");
    EXPECT_EQ(p->function(2).kind, FrameKind::Other);
}

TEST(CollapsedRead, TwoSpellingsOfOneFrameShareTrieNodes) {
    // "01" and "1" name the same line: the stacks are the same, and so are their trie nodes.
    auto p = mustParse(
        "main (a.py:1);f (a.py:01) 1\nmain (a.py:1);g (a.py:2) 1\nmain (a.py:1);f (a.py:1) 2\n");
    EXPECT_EQ(treeDump(*p, true), "main:1 4 0\n  f:1 3 3\n  g:2 1 1\n");
    EXPECT_EQ(p->stackCount(), 3u);
    EXPECT_EQ(p->sampleStack(0), p->sampleStack(2));
}

TEST(CollapsedRead, ManyLinesAcrossReadChunksAndUtf16) {
    // More than one 4 MiB read, so lines cross chunk borders, in UTF-8 and in UTF-16 LE.
    std::string text;
    int64_t expected = 0;
    for (int i = 0; i < 120000; ++i) {
        const int count = 1 + i % 7;
        text += "root (/srv/app.py:1);branch_" + std::to_string(i % 100) +
                " (/srv/mod.py:" + std::to_string(i % 13 + 1) +
                ");leaf_\xC3\xA9 (/srv/leaf.py:9) " + std::to_string(count) + "\n";
        expected += count;
    }
    auto p = mustParse(text);
    EXPECT_EQ(p->sampleCount(), 120000u);
    EXPECT_EQ(buildCallTree(ProfileSnapshot::of(*p), {}, TreeKind::TopDown).totalWeight(),
              expected);
    std::string utf16 = "\xFF\xFE";
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3) c = 0xC0 | (static_cast<unsigned char>(text[++i]) & 0x3F); // the 'é'
        utf16 += char(c);
        utf16 += '\0';
    }
    auto q = mustParse(utf16);
    EXPECT_EQ(treeDump(*q, true), treeDump(*p, true));
}

TEST(CollapsedRead, LargeInputReadOnABackgroundThreadMatchesSmallOne) {
    // Over 32 MiB, lines are read and split on a second thread; the profile must be the same as
    // that of the small equivalent, and line numbers must stay right across batches.
    const std::vector<std::string> stacks = {
        "main (/srv/app.py:3);load (/srv/io.py:40);read (/usr/lib/python3.11/json/decoder.py:353)",
        "main (/srv/app.py:3);work (/srv/app.py:12)",
        "main (/srv/app.py:5);work (/srv/app.py:12);_PyEval_EvalFrameDefault (ceval.c:900)",
    };
    std::string big, small;
    const int rounds = 150000;
    for (int i = 0; i < rounds; ++i)
        for (size_t k = 0; k < stacks.size(); ++k)
            big += stacks[k] + " " + std::to_string(k + 1) + "\n";
    const uint64_t longLine = 3 * rounds + 1;
    big += std::string(33u << 20, 'x') + " 1\n"; // skipped: longer than 32 MiB
    big += stacks[1] + " 7\n";
    for (size_t k = 0; k < stacks.size(); ++k)
        small += stacks[k] + " " + std::to_string((k + 1) * rounds + (k == 1 ? 7 : 0)) + "\n";
    ReadOutcome r = readData(big, "big.txt");
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(r.profile->sampleCount(), 3u * rounds + 1);
    EXPECT_EQ(treeDump(*r.profile, true), treeDump(*mustParse(small), true));
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("big.txt:" + std::to_string(longLine) + ": the line is longer"),
              std::string::npos)
        << r.warnings[0];

    ReadOptions cancel;
    int calls = 0;
    cancel.progress = [&](double) { return ++calls < 3; };
    auto c = readProfileData(big, "big.txt", cancel);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().kind, ErrorKind::Cancelled);
}

TEST(CollapsedRead, ProgressIsReportedAndCancelStops) {
    std::string text;
    for (int i = 0; i < 400000; ++i)
        text += "main;work_" + std::to_string(i % 50) + " 1\n";
    ReadOptions o;
    int calls = 0;
    o.progress = [&](double) { return ++calls < 2; };
    auto r = readProfileData(text, "big.txt", o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
    EXPECT_NE(r.error().message.find("big.txt"), std::string::npos);
}

TEST(CollapsedWrite, PySpyRawStyleAggregatedInFirstSeenOrder) {
    auto p = mustParse(kPySpyRaw);
    WriteOptions o;
    o.threadFrames = true;
    EXPECT_EQ(
        writeToString(*p, FileFormat::Collapsed, o),
        "process 4242:\"python app.py --fast\";thread (4243): MainThread;<module> (/srv/app.py:30);"
        "main (/srv/app.py:22);loads (/usr/lib/python3.11/json/__init__.py:346) 8\n"
        "process 4242:\"python app.py --fast\";thread (4243): MainThread;<module> (/srv/app.py:30);"
        "main (/srv/app.py:24) 2\n"
        "process 4242:\"python app.py --fast\";thread (0x7F3A2B1C0640);run (/srv/venv/lib/"
        "python3.11/site-packages/worker/pool.py:88);_PyEval_EvalFrameDefault (ceval.c:1500) 3\n");
    o = {};
    o.includeLineNumbers = false;
    o.fullFilenames = false;
    EXPECT_EQ(writeToString(*p, FileFormat::Collapsed, o),
              "process 4242:\"python app.py --fast\";<module> (app.py);main (app.py);"
              "loads (json/__init__.py) 8\n"
              "process 4242:\"python app.py --fast\";<module> (app.py);main (app.py) 2\n"
              "process 4242:\"python app.py --fast\";run (worker/pool.py);"
              "_PyEval_EvalFrameDefault (ceval.c) 3\n");
}

TEST(CollapsedWrite, RoundTripsGiveTheSameTree) {
    auto pyspy = mustParse(kPySpyRaw);
    WriteOptions threads;
    threads.threadFrames = true;
    EXPECT_EQ(roundTrip(*pyspy, threads, true), treeDump(*pyspy, true));
    auto back = mustParse(writeToString(*pyspy, FileFormat::Collapsed, threads));
    EXPECT_EQ(back->threadCount(), 2u);
    EXPECT_EQ(back->str(back->thread(0).name), "MainThread");

    for (const char* name :
         {"perf-vertx-stacks-01-collapsed-all.txt", "recursion.txt", "simple-utf16-be.txt"}) {
        auto p = mustRead(stackcollapse(name));
        EXPECT_EQ(roundTrip(*p, {}, true), treeDump(*p, true)) << name;
    }
    // Austin (two threads, ns weights) -> collapsed -> the same tree of metric 0.
    auto austin = mustRead(profilesDir() + "austin/wall-3.7.austin");
    EXPECT_EQ(roundTrip(*austin, threads, true), treeDump(*austin, true));
}

TEST(CollapsedWrite, IdleSamplesCanBeLeftOut) {
    auto full =
        mustRead(profilesDir() + "austin/full-3.7.austin"); // idle flags from `time,idle,mem`
    WriteOptions o;
    o.includeIdle = false;
    auto busy = mustParse(writeToString(*full, FileFormat::Collapsed, o));
    SampleFilter notIdle;
    notIdle.includeIdle = false;
    TreeOptions byLine;
    byLine.byLine = true;
    EXPECT_EQ(
        treeDump(*busy, true),
        buildCallTree(ProfileSnapshot::of(*full), notIdle, TreeKind::TopDown, byLine).dump(*full));
    EXPECT_LT(buildCallTree(ProfileSnapshot::of(*busy), {}, TreeKind::TopDown).totalWeight(),
              buildCallTree(ProfileSnapshot::of(*full), {}, TreeKind::TopDown).totalWeight());
}

TEST(CollapsedWrite, NamesThatWouldBreakTheFormatAreReplaced) {
    Profile p;
    const FrameId f = p.internFrame(p.internFunction("a;b\nc", "x.py"), 3);
    p.appendSample(0, p.addThread(1, "t"), p.internStack(std::vector<FrameId>{f}), 2);
    EXPECT_EQ(writeToString(p, FileFormat::Collapsed), "a:b c (x.py:3) 2\n");
}

TEST(CollapsedBadInput, OneClearErrorNamingFileAndLine) {
    struct Case {
        std::string text;
        std::string expected; // part of the message
    };
    const std::vector<Case> cases = {
        {"", "bad.txt: no stacks in the file"},
        {"main;work", "bad.txt:1: no sample count"}, // truncated
        {"main;work 1.5\n", "bad.txt:1: the sample count is not a whole number"},
        {"main;work 99999999999999999999999\n", "bad.txt:1: the sample count is out of range"},
        {"main;wo\0rk 3\n"s, "bad.txt:1: contains a NUL byte"},
        {" 3\n", "bad.txt:1: no stack before the sample count"},
        {";;; 3\n", "bad.txt:1: no frame names"},
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"s, "bad.txt:1: no sample count"},
        {"# only a comment\nline two\nline three\nmain 1\n", "bad.txt:2: no sample count"},
    };
    for (const Case& c : cases) {
        ReadOutcome r = readData(c.text, "bad.txt");
        ASSERT_FALSE(r.profile) << c.expected;
        EXPECT_NE(r.error.find(c.expected), std::string::npos) << "got: " << r.error;
    }
}

TEST(CollapsedBadInput, MillionDeepStackAndHugeLines) {
    std::string deep;
    deep.reserve(2'000'010);
    for (int i = 0; i < 1'000'000; ++i)
        deep += "f;";
    deep += " 1\n";
    ReadOutcome r = readData(deep, "bad.txt");
    ASSERT_FALSE(r.profile);
    EXPECT_NE(r.error.find("bad.txt:1: stack deeper than 65536 frames"), std::string::npos)
        << r.error;

    // A valid line after a 40 MiB one: the long line is skipped without holding it in memory.
    std::string huge(40u << 20, 'x');
    huge += " 1\nmain;a 2\nmain;b 3\n";
    r = readData(huge, "bad.txt");
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(treeDump(*r.profile), "main 5 0\n  b 3 3\n  a 2 2\n");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("bad.txt:1: the line is longer than 32 MiB"), std::string::npos);
}

TEST(CollapsedBadInput, TotalsThatWouldOverflowAreRefused) {
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "main 1000000000000000\n";
    ReadOutcome r = readData(text, "bad.txt");
    ASSERT_TRUE(r.profile) << r.error;
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("add up to more than 2^62"), std::string::npos) << r.warnings[0];
    EXPECT_LE(buildCallTree(ProfileSnapshot::of(*r.profile), {}, TreeKind::TopDown).totalWeight(),
              int64_t{1} << 62);
}

TEST(CollapsedBadInput, InvalidUtf8IsRepairedNotPassedOn) {
    auto p = mustParse("ma\xFFin;w\xC3ork 2\n");
    EXPECT_EQ(p->functionName(0), "ma\xEF\xBF\xBDin");
    EXPECT_EQ(p->functionName(1), "w\xEF\xBF\xBDork");
}
