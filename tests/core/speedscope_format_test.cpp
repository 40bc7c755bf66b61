// Speedscope JSON: the real files from speedscope's repository (every version, the invalid ones),
// key orders, hostile input, and write -> read round trips checked by Python's json module.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"
#include "core/query/call_tree.h"
#include "core/test_profiles.h"
#include "core/test_temp_dir.h"

using namespace spyglass;
using spyglass::testing::profileFromCollapsed;

namespace {

const std::string kSamples = std::string(SPYGLASS_SHARED_DATA_DIR) + "/profiles/speedscope-samples/speedscope/";

std::string tree(const Profile& p, bool byLine = false, size_t metric = 0) {
    TreeOptions o;
    o.byLine = byLine;
    o.metric = metric;
    return buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown, o).dump(p);
}

std::string threadNames(const Profile& p) {
    std::string s;
    for (size_t t = 0; t < p.threadCount(); ++t) s += std::string(p.str(p.thread(t).name)) + "\n";
    return s;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<Profile> readOk(const std::string& path) {
    auto r = readProfileFile(path);
    EXPECT_TRUE(r.ok()) << path << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : std::make_unique<Profile>();
}

std::unique_ptr<Profile> parse(std::string_view json) {
    auto r = readProfileData(json, "test.json");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : std::make_unique<Profile>();
}

std::string parseError(std::string_view json) {
    auto r = readProfileData(json, "bad.json");
    EXPECT_FALSE(r.ok()) << "expected an error for: " << json.substr(0, 120);
    return r.ok() ? std::string() : r.error().message;
}

std::string writeSpeedscopeText(const Profile& p, WriteOptions o = {}) {
    const std::string path = spyglass::testing::testTempPath("speedscope_out.json");
    auto r = writeProfileFile(p, path, FileFormat::Speedscope, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return slurp(path);
}

// Python's json module as the independent judge of what we write; also checks the schema's
// invariants that speedscope relies on (indices in range, one weight per sample).
int pythonCheck(const std::string& json) {
    const std::string path = spyglass::testing::testTempPath("speedscope_check.json");
    std::ofstream(path, std::ios::binary) << json;
    const std::string script =
        "import json,sys\n"
        "d=json.load(open(sys.argv[1],encoding='utf-8'))\n"
        "assert d['$schema']=='https://www.speedscope.app/file-format-schema.json'\n"
        "assert d['exporter'].startswith('spyglass ')\n"
        "n=len(d['shared']['frames'])\n"
        "assert all(isinstance(f['name'],str) for f in d['shared']['frames'])\n"
        "assert 0<=d['activeProfileIndex']<max(1,len(d['profiles']))\n"
        "for p in d['profiles']:\n"
        "  assert p['type']=='sampled' and p['unit'] in ('none','nanoseconds','bytes')\n"
        "  assert len(p['samples'])==len(p['weights'])\n"
        "  assert all(0<=i<n for s in p['samples'] for i in s)\n"
        "  assert p['endValue']>=p['startValue']\n";
    const std::string scriptPath = spyglass::testing::testTempPath("speedscope_check.py");
    std::ofstream(scriptPath) << script;
    return std::system(("python3 " + scriptPath + " " + path).c_str());
}

} // namespace

TEST(SpeedscopeRead, EventedFileVersion001) {
    for (const char* name : {"0.0.1/simple.speedscope.json", "0.0.1/simple-no-pretty-print.speedscope.json"}) {
        auto p = readOk(kSamples + name);
        EXPECT_EQ(tree(*p), "a 14 0\n"
                            "  b 14 5\n"
                            "    c 5 5\n"
                            "    d 4 4\n")
            << name;
        EXPECT_EQ(threadNames(*p), "simple.txt\n");
        EXPECT_EQ(p->metrics()[0].unit, MetricUnit::Samples);
        EXPECT_EQ(p->metadata().sourceFormat, "speedscope");
        // Each interval between two events is one sample, at the interval's start.
        ASSERT_EQ(p->sampleCount(), 4u);
        EXPECT_EQ(p->sampleTime(0), 0);
        EXPECT_EQ(p->sampleTime(1), 2);
        EXPECT_EQ(p->sampleTime(3), 9);
        EXPECT_EQ(p->sampleWeight(3, 0), 5);
    }
}

TEST(SpeedscopeRead, SampledFileInSeconds) {
    auto p = readOk(kSamples + "0.1.2/simple-sampled.speedscope.json");
    EXPECT_EQ(tree(*p), "a 14000000000 0\n"
                        "  b 14000000000 5000000000\n"
                        "    c 5000000000 5000000000\n"
                        "    d 4000000000 4000000000\n");
    EXPECT_EQ(p->metrics()[0].name, "wall");
    EXPECT_EQ(p->metrics()[0].unit, MetricUnit::Nanoseconds);
    ASSERT_EQ(p->sampleCount(), 5u);
    EXPECT_EQ(p->sampleTime(2), 2000000000); // after two samples of 1 s
    EXPECT_EQ(p->metadata().durationNs, 14000000000);
}

TEST(SpeedscopeRead, TwoProfilesBecomeTwoThreads) {
    auto p = readOk(kSamples + "0.6.0/two-sampled.speedscope.json");
    EXPECT_EQ(threadNames(*p), "one\ntwo\n");
    EXPECT_EQ(p->metadata().toolVersion, "speedscope@0.6.0");
    EXPECT_EQ(tree(*p), "a 28000000000 0\n"
                        "  b 28000000000 10000000000\n"
                        "    c 10000000000 10000000000\n"
                        "    d 8000000000 8000000000\n");
    SampleFilter two;
    two.threads = {1};
    EXPECT_EQ(buildCallTree(ProfileSnapshot::of(*p), two, TreeKind::TopDown).totalWeight(), 14000000000);
}

TEST(SpeedscopeRead, InvalidSamplesAreRejectedWithFileAndPlace) {
    const std::string incomplete = kSamples + "invalid/incomplete-trace.json";
    auto r = readProfileFile(incomplete);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(incomplete), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("profiles[0]"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("never closed"), std::string::npos) << r.error().message;

    const std::string outOfOrder = kSamples + "invalid/out-of-order-events.json";
    r = readProfileFile(outOfOrder);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(outOfOrder), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("profiles[0].events[6]"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("byte "), std::string::npos) << r.error().message;
}

TEST(SpeedscopeRead, AnyKeyOrderGivesTheSameProfile) {
    const std::string frames = R"("shared":{"frames":[{"name":"a","file":"/a.py","line":3},{"line":9,"name":"b","file":"/b.py"}]})";
    const std::string profile =
        R"("profiles":[{"weights":[2,1],"samples":[[0,1],[0]],"unit":"none","type":"sampled","name":"t","endValue":3,"startValue":0}])";
    const std::string schema = R"("$schema":"https://www.speedscope.app/file-format-schema.json")";
    auto first = parse("{" + schema + "," + frames + "," + profile + "}");
    auto last = parse("{" + profile + "," + schema + "," + frames + "}");
    const std::string expected = "a:3 3 1\n  b:9 2 2\n";
    EXPECT_EQ(tree(*first, true), expected);
    EXPECT_EQ(tree(*last, true), expected);
    EXPECT_EQ(first->functionFile(first->frame(0).function), "/a.py");
    EXPECT_EQ(first->function(first->frame(0).function).kind, FrameKind::Python);
}

TEST(SpeedscopeRead, NullOptionalFieldsAndPySpyStyleFloatWeights) {
    auto p = parse(R"({"$schema":"https://www.speedscope.app/file-format-schema.json","profiles":[
        {"type":"sampled","name":"py-spy","unit":"none","startValue":0.0,"endValue":3.0,
         "samples":[[0,1],[0,1],[]],"weights":[1.0,1.0,1.0]}],
        "shared":{"frames":[{"name":"main","file":"app.py","line":null,"col":null},
                            {"name":"work","file":null,"line":12,"col":4}]},
        "activeProfileIndex":null,"exporter":"py-spy@0.3.14","name":"py-spy profile"})");
    EXPECT_EQ(tree(*p), "main 2 0\n  work 2 2\n");
    EXPECT_EQ(p->sampleCount(), 3u);
    EXPECT_EQ(p->sampleStack(2), kNoStack);
}

TEST(SpeedscopeRead, EventedWithGapsAndSeveralUnits) {
    auto p = parse(R"({"profiles":[
        {"type":"evented","name":"ms","unit":"milliseconds","startValue":0,"endValue":10,"events":[
          {"type":"O","frame":0,"at":1},{"type":"C","frame":0,"at":2},
          {"type":"O","frame":0,"at":5},{"type":"O","frame":0,"at":6},{"type":"C","frame":0,"at":7},
          {"type":"C","frame":0,"at":8}]},
        {"type":"sampled","name":"mem","unit":"bytes","startValue":0,"endValue":10,
         "samples":[[0]],"weights":[4096]}],
        "shared":{"frames":[{"name":"f"}]}})");
    ASSERT_EQ(p->metrics().size(), 2u);
    EXPECT_EQ(p->metrics()[1].unit, MetricUnit::Bytes);
    EXPECT_EQ(tree(*p, false, 0), "f 4000000 3000000\n  f 1000000 1000000\n");
    EXPECT_EQ(tree(*p, false, 1), "f 4096 4096\n");
    ASSERT_EQ(p->sampleCount(), 5u);
    EXPECT_EQ(p->sampleTime(0), 1000000);
    EXPECT_EQ(p->sampleTime(1), 5000000); // the gap 2..5 ms holds no sample
}

TEST(SpeedscopeRead, BadInputEndsInOneClearMessage) {
    const std::string frames = R"("shared":{"frames":[{"name":"a"}]})";
    auto sampled = [&](const std::string& body) {
        return "{" + frames + R"(,"profiles":[{"type":"sampled","name":"p","unit":"none",)" + body + "}]}";
    };
    EXPECT_NE(parseError(sampled(R"("samples":[[0,7]],"weights":[1])")).find("frame index 7 is out of range"),
              std::string::npos);
    // Frames after the profiles: the message still names where the bad index was used.
    auto late = parseError(R"({"profiles":[{"type":"sampled","name":"p","unit":"none","samples":[[0],[0,3]],"weights":[1,1]}],)" +
                           frames + "}");
    EXPECT_NE(late.find("profiles[0].samples[1][1]"), std::string::npos) << late;
    EXPECT_NE(late.find("frame index 3"), std::string::npos) << late;
    EXPECT_NE(parseError(sampled(R"("samples":[[0]],"weights":[1,2])")).find("1 samples but 2 weights"),
              std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":{},"weights":[])")).find("profiles[0].samples"), std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[["x"]],"weights":[1])")).find("expected a frame index"),
              std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[[-1]],"weights":[1])")).find("expected a frame index"),
              std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[[0]],"weights":[1e400])")).find("Number too big"),
              std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[[99999999999999999999999]],"weights":[1])")).find("frame index"),
              std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[[0]],"weights":[1e300])")).find("out of range"), std::string::npos);
    EXPECT_NE(parseError(sampled(R"("samples":[[0]],"weights":[-1])")).find("out of range"), std::string::npos);
    EXPECT_NE(parseError(R"({"shared":{"frames":[{"name":7}]},"profiles":[]})").find("shared.frames[0].name"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"profiles":[{"type":"flamechart"}]})").find("unsupported profile type"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"profiles":[{"type":"sampled","unit":"furlongs"}]})").find("unknown unit"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"traceEvents":[]})").find("not a speedscope profile"), std::string::npos);
    EXPECT_NE(parseError("{}").find("bad.json"), std::string::npos);
    EXPECT_NE(parseError(R"({"profiles":[{"type":"sampled","samples":[[0]]}]})").find("no \"shared.frames\""),
              std::string::npos);
    // Deep nesting is refused early, not parsed into a deep structure.
    std::string deep = R"({"name":)" + std::string(100000, '[');
    EXPECT_NE(parseError(deep).find("nesting deeper"), std::string::npos);
    std::string deepStack = R"({"profiles":[{"type":"sampled","samples":[[)";
    for (int i = 0; i < 70000; ++i) deepStack += "0,";
    deepStack += "0]]}]}";
    EXPECT_NE(parseError(deepStack).find("stack deeper"), std::string::npos);
    EXPECT_NE(parseError(R"({"profiles":[)").find("bad.json: at byte 13"), std::string::npos);
}

TEST(SpeedscopeRead, EveryTruncationAndGarbledByteFailsCleanly) {
    for (const char* name : {"0.0.1/simple.speedscope.json", "0.6.0/two-sampled.speedscope.json"}) {
        const std::string text = slurp(kSamples + name);
        ASSERT_FALSE(text.empty());
        const size_t lastBrace = text.rfind('}');
        for (size_t n = text.find('{') + 1; n <= lastBrace; ++n) {
            auto r = readProfileData(std::string_view(text).substr(0, n), name);
            ASSERT_FALSE(r.ok()) << name << " cut at " << n;
            EXPECT_NE(r.error().message.find(name), std::string::npos);
        }
        std::mt19937 rng(7);
        for (int i = 0; i < 3000; ++i) {
            std::string bad = text;
            for (int k = 0; k < 1 + i % 3; ++k) bad[rng() % bad.size()] = static_cast<char>(rng());
            auto r = readProfileData(bad, name); // must not crash or hang; either outcome is fine
            if (!r.ok()) {
                EXPECT_FALSE(r.error().message.empty());
            }
        }
    }
}

TEST(SpeedscopeWrite, RoundTripIsIdentical) {
    auto p = profileFromCollapsed("[MainThread] main@/srv/app.py:1;work@/srv/app.py:10;inner@/srv/lib.py:3 3\n"
                                  "[MainThread] main@/srv/app.py:1;work@/srv/app.py:11 2\n"
                                  "[worker \"q\"] run@/usr/lib/python3.11/threading.py:975;"
                                  "quote\"and\\back@/srv/odd\tname.py:5 4\n"
                                  "[MainThread] main@/srv/app.py:1;ünïcødé→λ@/srv/app.py:20 1\n"
                                  "[MainThread] main@/srv/app.py:1;ctl\x01\x1f\x7f@/srv/app.py:21 1\n");
    ProfileMetadata meta;
    meta.sourcePath = "test.json"; // the name the written file takes; reading sets it to that
    p->setMetadata(meta);
    const std::string json = writeSpeedscopeText(*p);
    EXPECT_EQ(pythonCheck(json), 0) << json;
    auto back = parse(json);
    EXPECT_EQ(tree(*back, true), tree(*p, true));
    EXPECT_EQ(threadNames(*back), threadNames(*p));
    EXPECT_EQ(back->metadata().toolVersion, "spyglass " SPYGLASS_VERSION);
    // And once more through the file written from what was read: byte for byte the same.
    EXPECT_EQ(writeSpeedscopeText(*back), json);
}

TEST(SpeedscopeWrite, RealFilesSurviveReadWriteRead) {
    for (const char* name : {"0.0.1/simple.speedscope.json", "0.1.2/simple-sampled.speedscope.json",
                             "0.6.0/two-sampled.speedscope.json"}) {
        auto p = readOk(kSamples + name);
        const std::string json = writeSpeedscopeText(*p);
        EXPECT_EQ(pythonCheck(json), 0) << name;
        auto back = parse(json);
        EXPECT_EQ(tree(*back), tree(*p)) << name;
        EXPECT_EQ(threadNames(*back), threadNames(*p)) << name;
        EXPECT_EQ(back->metrics()[0].unit, p->metrics()[0].unit) << name;
    }
}

TEST(SpeedscopeWrite, InvalidUtf8IsReplacedAndTheFileStaysValid) {
    auto p = profileFromCollapsed("main;bad\xff\xfe name;trunc\xe2\x82 2\n");
    const std::string json = writeSpeedscopeText(*p);
    EXPECT_EQ(pythonCheck(json), 0) << json;
    auto back = parse(json);
    EXPECT_EQ(tree(*back), "main 2 0\n  bad\xEF\xBF\xBD\xEF\xBF\xBD name 2 0\n    trunc\xEF\xBF\xBD 2 2\n");
}

TEST(SpeedscopeWrite, SamplesGoInTimeOrderPerThreadAndIdleCanBeLeftOut) {
    Profile p;
    const StackId a = p.internStack(std::vector<FrameId>{p.internFrame(p.internFunction("a", "x.py"), 1)});
    const StackId b = p.internStack(std::vector<FrameId>{p.internFrame(p.internFunction("b", "x.py"), 2)});
    const ThreadIndex t0 = p.addThread(10, "t0"), t1 = p.addThread(11, "t1");
    p.appendSample(30, t0, b, 1);
    p.appendSample(10, t0, a, 1);
    p.appendSample(20, t1, a, 1, kSampleIdle);
    const std::string json = writeSpeedscopeText(p);
    EXPECT_NE(json.find(R"("samples":[[0],[1]])"), std::string::npos) << json;
    WriteOptions noIdle;
    noIdle.includeIdle = false;
    auto back = parse(writeSpeedscopeText(p, noIdle));
    EXPECT_EQ(back->sampleCount(), 2u);
    EXPECT_EQ(threadNames(*back), "t0\nt1\n");
}
