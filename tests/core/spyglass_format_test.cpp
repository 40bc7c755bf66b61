// Our own format: lossless write -> read of every field, multi-section tables, and every kind of
// damage (truncation, flipped bytes, newer versions, well-checksummed but wrong content).
#include <gtest/gtest.h>
#include <xxhash.h>
#include <zstd.h>

#include <cmath>
#include <random>

#include "core/formats/format_registry.h"
#include "core/formats/spyglass_format.h"
#include "core/query/call_tree.h"
#include "core/test_profiles.h"
#include "core/test_temp_dir.h"

using namespace spyglass;

namespace {

std::string writeToString(const Profile& p, WriteOptions o = {}) {
    std::string out;
    auto sink = OutputSink::toString(&out);
    auto r = writeSpyglass(p, *sink, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
}

Result<std::unique_ptr<Profile>> readFromString(std::string_view data, std::string name = "test.spyglass") {
    auto in = InputSource::fromMemory(data, std::move(name));
    return readSpyglass(*in, {});
}

// A profile with every field of the model set, including the odd values a lossless format must
// keep: non-UTF-8 and NUL bytes in strings, extreme and negative weights and times, no-stack
// samples, all kinds and categories, a renamed thread, NaN-free but unround doubles.
std::unique_ptr<Profile> everyFieldProfile() {
    auto p = std::make_unique<Profile>(std::vector<Metric>{
        {"cpu", MetricUnit::Samples}, {"wall", MetricUnit::Nanoseconds}, {"alloc\xff", MetricUnit::Bytes},
        {"objects", MetricUnit::Count}});
    std::mt19937_64 rng(42);
    std::vector<FunctionId> functions;
    for (int i = 0; i < 40; ++i) {
        Function f;
        f.name = p->intern("fn_" + std::to_string(i) + (i % 7 == 0 ? std::string("\0\xfe\"<&", 5) : ""));
        f.file = p->intern(i % 5 ? "/srv/app/mod" + std::to_string(i % 9) + ".py" : "");
        f.module = p->intern("mod" + std::to_string(i % 9));
        f.package = p->intern("pkg" + std::to_string(i % 3));
        f.kind = static_cast<FrameKind>(i % 6);
        f.category = static_cast<PackageCategory>(i % 6);
        functions.push_back(p->internFunction(f));
    }
    functions.push_back(p->internFunction("plain", "/usr/lib/python3.11/json/decoder.py"));
    std::vector<FrameId> frames;
    for (int i = 0; i < 200; ++i)
        frames.push_back(p->internFrame(functions[rng() % functions.size()], i % 10 == 0 ? 0 : UINT32_MAX - i));
    const ThreadIndex t0 = p->addThread(UINT64_MAX, "MainThread");
    const ThreadIndex t1 = p->addThread(7, "worker");
    p->addThread(0, "");
    p->renameThread(t1, "worker (renamed)");
    std::vector<StackId> stacks;
    for (int i = 0; i < 500; ++i) {
        std::vector<FrameId> path;
        for (size_t d = 0, n = 1 + rng() % 30; d < n; ++d) path.push_back(frames[rng() % frames.size()]);
        stacks.push_back(p->internStack(path));
    }
    std::vector<int64_t> w(4);
    for (int i = 0; i < 3000; ++i) {
        w = {int64_t(rng() % 3), int64_t(rng()), -int64_t(rng() % 1000), i == 5 ? INT64_MIN : INT64_MAX - i};
        const int64_t time = i == 7 ? INT64_MIN : i == 8 ? INT64_MAX : int64_t(i) * 1000 - int64_t(rng() % 5000);
        p->appendSample(SampleInput{time, i % 3 == 0 ? t0 : t1, i % 97 == 0 ? kNoStack : stacks[rng() % stacks.size()],
                                    static_cast<uint8_t>(rng()), w});
    }
    ProfileMetadata m;
    m.commandLine = "python3 app.py --name \xff\xfe \"quoted\"";
    m.pid = -12345;
    m.pythonVersion = "3.11.2";
    m.samplingRateHz = 99.123456789012345;
    m.startTimeUnixNs = 1732500000123456789;
    m.durationNs = INT64_MAX;
    m.toolVersion = "spyglass test";
    m.sourceFormat = "austin";
    m.sourcePath = "/tmp/ünïcødé.austin";
    p->setMetadata(m);
    return p;
}

void expectIdentical(const Profile& a, const Profile& b) {
    ASSERT_EQ(a.metrics().size(), b.metrics().size());
    for (size_t m = 0; m < a.metrics().size(); ++m) {
        EXPECT_EQ(a.metrics()[m].name, b.metrics()[m].name);
        EXPECT_EQ(a.metrics()[m].unit, b.metrics()[m].unit);
    }
    ASSERT_EQ(a.strings().size(), b.strings().size());
    for (StringId s = 0; s < a.strings().size(); ++s) ASSERT_EQ(a.str(s), b.str(s)) << "string " << s;
    ASSERT_EQ(a.functionCount(), b.functionCount());
    for (FunctionId f = 0; f < a.functionCount(); ++f) {
        const Function &x = a.function(f), &y = b.function(f);
        EXPECT_TRUE(x.name == y.name && x.file == y.file && x.module == y.module && x.package == y.package &&
                    x.kind == y.kind && x.category == y.category)
            << "function " << f;
    }
    ASSERT_EQ(a.frameCount(), b.frameCount());
    for (FrameId f = 0; f < a.frameCount(); ++f) {
        EXPECT_EQ(a.frame(f).function, b.frame(f).function);
        EXPECT_EQ(a.frame(f).line, b.frame(f).line);
    }
    ASSERT_EQ(a.stackCount(), b.stackCount());
    for (StackId s = 0; s < a.stackCount(); ++s) {
        EXPECT_EQ(a.stack(s).parent, b.stack(s).parent);
        EXPECT_EQ(a.stack(s).frame, b.stack(s).frame);
        EXPECT_EQ(a.stack(s).depth, b.stack(s).depth);
    }
    ASSERT_EQ(a.threadCount(), b.threadCount());
    for (ThreadIndex t = 0; t < a.threadCount(); ++t) {
        EXPECT_EQ(a.thread(t).id, b.thread(t).id);
        EXPECT_EQ(a.str(a.thread(t).name), b.str(b.thread(t).name));
    }
    ASSERT_EQ(a.sampleCount(), b.sampleCount());
    for (size_t i = 0; i < a.sampleCount(); ++i) {
        ASSERT_EQ(a.sampleTime(i), b.sampleTime(i)) << "sample " << i;
        ASSERT_EQ(a.sampleThread(i), b.sampleThread(i)) << "sample " << i;
        ASSERT_EQ(a.sampleStack(i), b.sampleStack(i)) << "sample " << i;
        ASSERT_EQ(a.sampleFlags(i), b.sampleFlags(i)) << "sample " << i;
        for (size_t m = 0; m < a.metrics().size(); ++m)
            ASSERT_EQ(a.sampleWeight(i, m), b.sampleWeight(i, m)) << "sample " << i << " metric " << m;
    }
    EXPECT_EQ(a.metadata(), b.metadata());
}

// A file put together section by section with valid checksums, for content the writer never makes.
struct RawSection {
    uint32_t tag;
    uint32_t records;
    std::string payload;
};

std::string rawFile(const std::vector<RawSection>& sections, uint16_t major = 1, uint16_t minor = 0) {
    std::string out(kSpyglassMagic);
    auto le = [&](uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    };
    le(major, 2);
    le(minor, 2);
    for (const RawSection& s : sections) {
        std::string stored;
        if (!s.payload.empty()) {
            stored.resize(ZSTD_compressBound(s.payload.size()));
            stored.resize(ZSTD_compress(stored.data(), stored.size(), s.payload.data(), s.payload.size(), 1));
        }
        const size_t at = out.size();
        le(s.tag, 4);
        le(s.records, 4);
        le(s.payload.size(), 8);
        le(stored.size(), 8);
        le(XXH3_64bits_withSeed(stored.data(), stored.size(), XXH3_64bits(out.data() + at, 24)), 8);
        out += stored;
    }
    return out;
}

std::string meta(const std::string& counts) {
    return R"({"metrics":[{"name":"cpu","unit":"samples"}],"counts":)" + counts + "}";
}

std::string varints(std::initializer_list<uint64_t> values) {
    std::string s;
    for (uint64_t v : values) {
        uint8_t buf[10];
        s.append(reinterpret_cast<char*>(buf), spyfmt::putVarint(buf, v) - buf);
    }
    return s;
}

std::string readError(std::string_view data) {
    auto r = readFromString(data, "bad.spyglass");
    EXPECT_FALSE(r.ok()) << "expected an error";
    return r.ok() ? std::string() : r.error().message;
}

} // namespace

TEST(SpyglassFormat, EveryFieldComesBackIdentical) {
    auto p = everyFieldProfile();
    const std::string file = writeToString(*p);
    ASSERT_TRUE(file.starts_with(kSpyglassMagic));
    auto back = readFromString(file);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectIdentical(*p, **back);
    // Written again, the same bytes: nothing depends on the order things were interned in.
    EXPECT_EQ(writeToString(**back), file);
}

TEST(SpyglassFormat, NonFiniteSamplingRateAndEmptyProfile) {
    Profile empty;
    ProfileMetadata m;
    m.samplingRateHz = -std::numeric_limits<double>::infinity();
    empty.setMetadata(m);
    auto back = readFromString(writeToString(empty));
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectIdentical(empty, **back);
    m.samplingRateHz = std::nan("");
    empty.setMetadata(m);
    back = readFromString(writeToString(empty));
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE(std::isnan((*back)->metadata().samplingRateHz));
}

TEST(SpyglassFormat, TablesLargerThanOneSectionAndEveryLevel) {
    // More samples, stacks and strings than one section holds, so ids continue across sections.
    Profile p({{"cpu", MetricUnit::Samples}, {"wall", MetricUnit::Nanoseconds}});
    std::mt19937 rng(3);
    std::vector<FrameId> frames;
    for (int i = 0; i < 140000; ++i)
        frames.push_back(p.internFrame(p.internFunction("f" + std::to_string(i), "/m" + std::to_string(i % 50) + ".py"), i));
    std::vector<StackId> stacks;
    StackId s = kNoStack;
    for (size_t i = 0; i < spyfmt::kBlockRecords + 5000; ++i) {
        s = p.internChild(i % 40 == 0 ? kNoStack : s, frames[rng() % frames.size()]);
        stacks.push_back(s);
    }
    const ThreadIndex t = p.addThread(1, "main");
    for (size_t i = 0; i < 2 * spyfmt::kBlockRecords + 10; ++i) {
        const int64_t w[2] = {1, 10'000'000};
        p.appendSample(SampleInput{int64_t(i) * 10'000'000, t, stacks[rng() % stacks.size()], 0, w});
    }
    for (int level : {-5, 1, 3, 19}) {
        WriteOptions o;
        o.zstdLevel = level;
        auto back = readFromString(writeToString(p, o));
        ASSERT_TRUE(back.ok()) << back.error().message;
        expectIdentical(p, **back);
    }
}

TEST(SpyglassFormat, ThroughRealFilesAndFormatDetection) {
    auto p = spyglass::testing::profileFromCollapsed("main;a;b 3\nmain;c 2\n");
    const std::string path = spyglass::testing::testTempPath("roundtrip.spyglass");
    ASSERT_TRUE(writeProfileFile(*p, path, FileFormat::Spyglass).ok());
    auto back = readProfileFile(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ((*back)->metadata().sourceFormat, "spyglass");
    const auto dump = [](const Profile& x) {
        return buildCallTree(ProfileSnapshot::of(x), {}, TreeKind::TopDown).dump(x);
    };
    EXPECT_EQ(dump(**back), "main 5 0\n  a 3 0\n    b 3 3\n  c 2 2\n");
}

TEST(SpyglassFormat, EveryTruncationIsRejectedNamingTheSection) {
    auto p = spyglass::testing::profileFromCollapsed("main;a;b 3\nmain;c 2\n[t2] x;y 1\n");
    const std::string file = writeToString(*p);
    for (size_t n = 0; n < file.size(); ++n) {
        const std::string message = readError(std::string_view(file).substr(0, n));
        EXPECT_NE(message.find("bad.spyglass: "), std::string::npos) << message;
        if (n > kSpyglassMagic.size() + 4) {
            EXPECT_TRUE(message.find("truncated") != std::string::npos) << "cut at " << n << ": " << message;
        }
    }
    EXPECT_NE(readError(file + "x").find("after the end section"), std::string::npos);
}

TEST(SpyglassFormat, EveryFlippedByteIsDetected) {
    auto p = spyglass::testing::profileFromCollapsed("main;a;b 3\nmain;c 2\n[t2] x;y 1\n");
    const std::string file = writeToString(*p);
    const size_t minorAt = kSpyglassMagic.size() + 2;
    for (size_t i = 0; i < file.size(); ++i) {
        if (i == minorAt || i == minorAt + 1) continue; // a newer minor version reads fine
        for (uint8_t mask : {0x01, 0x80, 0xff}) {
            std::string bad = file;
            bad[i] = static_cast<char>(bad[i] ^ mask);
            auto r = readFromString(bad, "bad.spyglass");
            EXPECT_FALSE(r.ok()) << "byte " << i << " ^ " << int(mask) << " went unnoticed";
        }
    }
    std::string corrupt = file;
    corrupt[file.size() - 40] ^= 0x10; // inside the last table section's payload
    EXPECT_NE(readError(corrupt).find("checksum mismatch"), std::string::npos) << readError(corrupt);
    EXPECT_NE(readError(corrupt).find("section at byte"), std::string::npos);
}

TEST(SpyglassFormat, NewerMajorVersionIsRefused) {
    auto p = spyglass::testing::profileFromCollapsed("main 1\n");
    std::string file = writeToString(*p);
    file[kSpyglassMagic.size()] = 2;
    const std::string message = readError(file);
    EXPECT_NE(message.find("newer Spyglass (format 2.0)"), std::string::npos) << message;
    EXPECT_NE(readError("not a profile at all").find("not a Spyglass profile"), std::string::npos);
}

TEST(SpyglassFormat, WellChecksummedButWrongContentIsRejected) {
    using namespace spyfmt;
    const std::string counts1 = R"({"strings":2,"functions":0,"frames":0,"stacks":0,"threads":0,"samples":0})";
    // The reference: a valid hand-made file.
    auto ok = readFromString(rawFile({{kMeta, 1, meta(counts1)}, {kStrings, 1, varints({1}) + "a"}, {kEnd, 2, ""}}));
    ASSERT_TRUE(ok.ok()) << ok.error().message;

    auto expectError = [](const std::string& file, const std::string& needle) {
        const std::string message = readError(file);
        EXPECT_NE(message.find(needle), std::string::npos) << message;
    };
    expectError(rawFile({{kMeta, 1, "{not json"}}), "metadata section at byte 17: not a JSON object");
    expectError(rawFile({{kMeta, 1, std::string(100, '[')}}), "nested too deeply");
    expectError(rawFile({{kMeta, 1, R"({"metrics":[],"counts":{}})"}}), "\"metrics\" must list");
    expectError(rawFile({{kMeta, 1, meta(counts1)}, {kStrings, 1, varints({5}) + "a"}, {kEnd, 2, ""}}),
                "runs past the section");
    const std::string counts2 = R"({"strings":3,"functions":0,"frames":0,"stacks":0,"threads":0,"samples":0})";
    expectError(rawFile({{kMeta, 1, meta(counts2)}, {kStrings, 2, varints({1, 1}) + "aa"}, {kEnd, 2, ""}}),
                "is a duplicate");
    expectError(rawFile({{kMeta, 1, meta(counts1)}, {kStrings, 1, varints({1}) + "a"}, {kEnd, 5, ""}}),
                "sections are missing");
    expectError(rawFile({{kMeta, 1, meta(counts2)}, {kStrings, 1, varints({1}) + "a"}, {kEnd, 2, ""}}),
                "the strings end after 1 of 2 records");
    expectError(rawFile({{kMeta, 1, meta(counts1)}, {kStrings, 1, varints({1}) + "a"}, {tag("XTRA"), 1, "x"}}),
                "unexpected section");
    expectError(rawFile({{kMeta, 1, meta(counts1)}, {kStrings, 1, varints({1}) + "ab"}, {kEnd, 2, ""}}),
                "unexpected bytes after the records");
    // A stack whose parent would come after it, a frame of a missing function, a sample of a
    // missing thread: every id is checked before it reaches the model.
    const std::string withStack =
        R"({"strings":2,"functions":1,"frames":1,"stacks":1,"threads":1,"samples":1})";
    const std::string function = varints({1, 1, 0, 0}) + std::string("\0\0", 2);
    auto file = [&](const std::string& frame, const std::string& stack, const std::string& thread,
                    const std::string& sample) {
        return rawFile({{kMeta, 1, meta(withStack)}, {kStrings, 1, varints({1}) + "a"}, {kFunctions, 1, function},
                        {kFrames, 1, frame}, {kStacks, 1, stack}, {kThreads, 1, thread},
                        {kSamples, 1, sample}, {kEnd, 7, ""}});
    };
    const std::string goodSample = varints({5, 0, 1}) + std::string("\0", 1) + varints({2});
    auto good = readFromString(file(varints({0, 3}), varints({0, 0}), varints({9, 1}), goodSample));
    ASSERT_TRUE(good.ok()) << good.error().message;
    EXPECT_EQ((*good)->sampleWeight(0, 0), 1);
    EXPECT_EQ((*good)->sampleTime(0), -3);
    expectError(file(varints({1, 3}), varints({0, 0}), varints({9, 1}), goodSample), "the function of record 0");
    expectError(file(varints({0, 3}), varints({1, 0}), varints({9, 1}), goodSample), "has a parent after it");
    expectError(file(varints({0, 3}), varints({0, 0}), varints({9, 2}), goodSample), "the name of record 0");
    expectError(file(varints({0, 3}), varints({0, 0}), varints({9, 1}),
                     varints({5, 1, 1}) + std::string("\0", 1) + varints({2})),
                "the thread of record 0");
    expectError(file(varints({0, 3}), varints({0, 0}), varints({9, 1}),
                     varints({5, 0, 2}) + std::string("\0", 1) + varints({2})),
                "the stack of record 0");
    expectError(file(varints({0, 3}), varints({0, 0}), varints({9, 1}), varints({5, 0, 1})), "ends early");
}

TEST(SpyglassFormat, InterningAfterAReadFindsWhatWasRead) {
    // The reader appends frames and stack nodes without the model's lookup indexes; the first
    // intern call afterwards must still find them, not add duplicates.
    auto p = spyglass::testing::profileFromCollapsed("main:1;a:2;b:3 3\nmain:1;c:4 2\n");
    auto back = readFromString(writeToString(*p));
    ASSERT_TRUE(back.ok()) << back.error().message;
    Profile& q = **back;
    const size_t frames = q.frameCount(), stacks = q.stackCount();
    const FunctionId main = q.internFunction("main", "app.py");
    const FrameId mainFrame = q.internFrame(main, 1);
    EXPECT_EQ(q.frameCount(), frames);
    const StackId s = q.internChild(kNoStack, mainFrame);
    EXPECT_EQ(q.stackCount(), stacks);
    EXPECT_EQ(q.stack(q.sampleStack(1)).parent, s); // "main;c": its parent is the root "main"
    EXPECT_EQ(q.internChild(s, q.internFrame(main, 99)), stacks); // a new node gets the next id
    EXPECT_EQ(q.frameCount(), frames + 1);
}
