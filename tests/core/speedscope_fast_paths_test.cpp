// Speedscope files large enough for the reader's fast paths to matter: the frame indices read in
// one loop (speedscope_frames_fast.cpp), the stack ids found on a second thread
// (speedscope_pipeline.h), sample arrays cut by the end of the 256 KiB input buffer. The same
// file with every sample array forced through RapidJSON's general parse (a last index written
// as "7.0" reads as the same integer) is the reference: the models must be identical, field by
// field. Errors must name the exact byte and path; cut, garbled or cancelled reads must end.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"
#include "core/formats/speedscope_document.h"

using namespace spyglass;

namespace {

struct Generated {
    std::string json;
    std::vector<std::vector<uint32_t>> samples; // the sampled profile's stacks, root first
    std::vector<std::string> weights;           // and their weights, as written
    size_t frames = 0;
};

// py-spy's shape ("profiles" before "shared"): a sampled profile of `samples` samples over a few
// thousand distinct stacks (some empty), an evented one with nested frames and idle gaps.
// `spaced` puts whitespace around the indices and weights; `general` ends each sample array with
// "N.0" and writes each weight with 8 fraction digits, which only RapidJSON's own parse reads.
Generated generate(size_t samples, bool spaced, bool general, bool framesFirst = false) {
    Generated g;
    g.frames = 2000;
    std::mt19937 rng(11);
    std::vector<std::vector<uint32_t>> distinct(6000);
    for (auto& s : distinct) {
        s.resize(rng() % 41); // 0 to 40 frames
        for (auto& f : s) f = rng() % g.frames;
    }
    std::string frames = R"("shared":{"frames":[)";
    for (size_t i = 0; i < g.frames; ++i)
        frames += (i ? "," : "") + std::string(R"({"name":"f)") + std::to_string(i) +
                  R"(","file":"/srv/app/mod)" + std::to_string(i % 37) + R"(.py","line":)" +
                  std::to_string(i % 500 + 1) + "}";
    frames += "]}";

    std::string& j = g.json;
    j = "{";
    if (framesFirst) j += frames + ",";
    j += R"("profiles":[{"type":"sampled","name":"main","unit":"seconds","startValue":0,"samples":[)";
    const char* sep = spaced ? " ,\n\t" : ",";
    for (size_t i = 0; i < samples; ++i) {
        const auto& s = distinct[rng() % distinct.size()];
        g.samples.push_back(s);
        j += i ? "," : "";
        j += spaced ? "[ " : "[";
        for (size_t k = 0; k < s.size(); ++k) {
            j += (k ? sep : "") + std::to_string(s[k]);
            if (general && k + 1 == s.size()) j += ".0";
        }
        j += spaced ? "\r]" : "]";
    }
    j += R"(],"weights":[)";
    const char* kWeights[] = {"0.01", "12.5", "3",    "0.0000001", "1234567.1234567", "0.25",
                              "7.0",  "0.1",  "0",    "0.3",       "1.15",            "9.9999999"};
    for (size_t i = 0; i < samples; ++i) {
        std::string w = kWeights[rng() % std::size(kWeights)];
        g.weights.push_back(w);
        if (general) {
            if (w.find('.') == std::string::npos) w += ".";
            w.resize(w.find('.') + 9, '0');
        }
        j += (i ? (spaced ? " ,\n" : ",") : "") + w;
    }
    j += R"(]},{"type":"evented","name":"worker","unit":"milliseconds","startValue":5,"events":[)";
    std::vector<uint32_t> open;
    uint64_t at = 5;
    for (int e = 0; e < 40000 || !open.empty(); ++e) {
        const bool close = !open.empty() && (e >= 40000 || open.size() > 12 || rng() % 2);
        const uint32_t frame = close ? open.back() : static_cast<uint32_t>(rng() % g.frames);
        j += (e ? "," : "") + std::string(R"({"type":")") + (close ? "C" : "O") + R"(","frame":)" +
             std::to_string(frame) + R"(,"at":)" + std::to_string(at) + "}";
        if (close)
            open.pop_back();
        else
            open.push_back(frame);
        at += rng() % 3;
    }
    j += "]}]";
    if (!framesFirst) j += "," + frames;
    j += "}";
    return g;
}

// Every table of the model, in order: identical dumps mean identical profiles.
std::string dumpModel(const Profile& p) {
    std::string d;
    for (const Metric& m : p.metrics()) d += "metric " + m.name + "\n";
    for (size_t t = 0; t < p.threadCount(); ++t)
        d += "thread " + std::string(p.str(p.thread(t).name)) + "\n";
    for (size_t f = 0; f < p.frameCount(); ++f) {
        const Frame& fr = p.frame(static_cast<FrameId>(f));
        d += "frame " + std::string(p.functionName(fr.function)) + " " +
             std::string(p.functionFile(fr.function)) + ":" + std::to_string(fr.line) + "\n";
    }
    for (size_t s = 0; s < p.stackCount(); ++s) {
        const StackNode& n = p.stack(static_cast<StackId>(s));
        d += "stack " + std::to_string(n.parent) + " " + std::to_string(n.frame) + " " +
             std::to_string(n.depth) + "\n";
    }
    for (size_t i = 0; i < p.sampleCount(); ++i) {
        d += "sample " + std::to_string(p.sampleTime(i)) + " " + std::to_string(p.sampleThread(i)) +
             " " + std::to_string(p.sampleStack(i));
        for (size_t m = 0; m < p.metrics().size(); ++m) d += " " + std::to_string(p.sampleWeight(i, m));
        d += "\n";
    }
    return d;
}

std::unique_ptr<Profile> readOk(const std::string& json, const ReadOptions& options = {}) {
    auto r = readProfileData(json, "large.json", options);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : std::make_unique<Profile>();
}

std::string readError(const std::string& json, const ReadOptions& options = {}) {
    auto r = readProfileData(json, "large.json", options);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
}

} // namespace

TEST(SpeedscopeFastPaths, FastPathsBuildTheModelTheGeneralParseBuilds) {
    const Generated fast = generate(60000, false, false);
    ASSERT_GT(fast.json.size(), size_t{4} << 20); // many buffers, many batches for the worker
    auto p = readOk(fast.json);
    // The sampled thread holds exactly the generated stacks, in order.
    std::vector<FrameId> frames;
    size_t i = 0;
    for (size_t s = 0; s < p->sampleCount() && i < fast.samples.size(); ++s) {
        if (p->sampleThread(s) != 0) continue;
        const StackId stack = p->sampleStack(s);
        frames.clear();
        if (stack != kNoStack) p->stackFrames(stack, frames);
        std::vector<uint32_t> names;
        for (FrameId f : frames)
            names.push_back(static_cast<uint32_t>(
                std::stoul(std::string(p->functionName(p->frame(f).function).substr(1)))));
        ASSERT_EQ(names, fast.samples[i]) << "sample " << i;
        EXPECT_EQ(p->sampleWeight(s, 0), std::llround(std::strtod(fast.weights[i].c_str(), nullptr) * 1e9))
            << "sample " << i << ": " << fast.weights[i] << " s in ns";
        ++i;
    }
    EXPECT_EQ(i, fast.samples.size());
    // Weights read by the loop are the doubles strtod (and RapidJSON) make of their text, exactly.
    auto in = InputSource::fromMemory(fast.json, "large.json");
    auto doc = speedscope::parseDocument(*in, {});
    ASSERT_TRUE(doc.ok());
    const auto& values = *doc->series[0].values;
    ASSERT_EQ(values.size(), fast.weights.size());
    for (size_t w = 0; w < values.size(); ++w)
        ASSERT_EQ(values[w], std::strtod(fast.weights[w].c_str(), nullptr)) << "weight " << w;

    const std::string expected = dumpModel(*readOk(generate(60000, false, true).json));
    EXPECT_TRUE(dumpModel(*p) == expected); // not EXPECT_EQ: a failure would print megabytes
    EXPECT_TRUE(dumpModel(*readOk(generate(60000, true, false).json)) == expected);
    EXPECT_TRUE(dumpModel(*readOk(generate(60000, true, true).json)) == expected);
    EXPECT_TRUE(dumpModel(*readOk(generate(60000, false, false, true).json)) ==
                dumpModel(*readOk(generate(60000, false, true, true).json)));
}

TEST(SpeedscopeFastPaths, ABadIndexDeepInTheFileIsNamedAtItsByte) {
    for (bool framesFirst : {false, true}) {
        std::string json = generate(60000, false, false, framesFirst).json;
        // The first sample from 50000 on with two indices or more: its second one becomes 987654.
        const size_t first = json.find(R"("samples":[)") + 11;
        size_t pos = first;
        for (int s = 0; s < 50000; ++s) pos = json.find("],[", pos) + 2;
        while (json.find(',', pos) > json.find(']', pos)) pos = json.find("],[", pos) + 2;
        size_t sample = 0;
        for (size_t k = first; (k = json.find("],[", k)) < pos; k += 3) ++sample;
        const size_t second = json.find(',', pos) + 1;
        const size_t digits = json.find_first_not_of("0123456789", second) - second;
        json.replace(second, digits, "987654");
        const std::string where = "at byte " + std::to_string(second + 6) + " (profiles[0].samples[" +
                                  std::to_string(sample) + "][1])";
        EXPECT_EQ(readError(json), "large.json: " + where +
                                       ": frame index 987654 is out of range (the file has 2000 frames)")
            << "frames first: " << framesFirst;
    }
}

TEST(SpeedscopeFastPaths, CutGarbledOrCancelledReadsEndCleanly) {
    const std::string json = generate(30000, false, false).json;
    for (size_t cut = 1; cut < json.size(); cut += json.size() / 23) {
        const std::string message = readError(json.substr(0, cut));
        EXPECT_NE(message.find("large.json"), std::string::npos) << "cut at " << cut;
    }
    std::mt19937 rng(3);
    for (int i = 0; i < 40; ++i) {
        std::string bad = json;
        bad[rng() % bad.size()] = "x]-,[0.e\"{\0"[rng() % 11];
        auto r = readProfileData(bad, "large.json"); // either outcome, but an answer
        if (!r.ok()) {
            EXPECT_FALSE(r.error().message.empty());
        }
    }
    ReadOptions cancelHalfway;
    cancelHalfway.progress = [](double share) { return share < 0.5; };
    EXPECT_NE(readError(json, cancelHalfway).find("reading cancelled"), std::string::npos);
}

// Small arrays where the frame-index loop must give way to RapidJSON, or fail as it would: the
// messages are the ones the reader gave before it had the loop.
TEST(SpeedscopeFastPaths, EdgesOfTheIndexLoopReportWhatRapidJsonReports) {
    const std::string head = R"({"shared":{"frames":[{"name":"a"},{"name":"b"}]},"profiles":[{"type":"sampled","name":"p","unit":"none","samples":)";
    const std::pair<std::string, std::string> cases[] = {
        {"[[0,2]]", "at byte 119 (profiles[0].samples[0][1]): frame index 2 is out of range (the file has 2 frames)"},
        {"[[01]]", "at byte 117 (profiles[0].samples[0][0]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[0,]]", "at byte 118 (profiles[0].samples[0][0]): invalid JSON: Invalid value."},
        {"[[0,1.5]]", "at byte 121 (profiles[0].samples[0][1]): expected a frame index"},
        {"[[0,1]x]", "at byte 120 (profiles[0].samples[0]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[0,1", "at byte 119 (profiles[0].samples[0][1]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[0 1]]", "at byte 118 (profiles[0].samples[0][0]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[4294967295]]", "at byte 126 (profiles[0].samples[0][0]): frame index 4294967295 is out of range (the file has 2 frames)"},
        {"[[123456789]]", "at byte 125 (profiles[0].samples[0][0]): frame index 123456789 is out of range (the file has 2 frames)"},
        {std::string("[[0,1\0]]", 8), "at byte 119 (profiles[0].samples[0][1]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[0],[0,3]]", "at byte 123 (profiles[0].samples[1][1]): frame index 3 is out of range (the file has 2 frames)"},
        {"[[0,,1]]", "at byte 118 (profiles[0].samples[0][0]): invalid JSON: Invalid value."},
        {"[[1E2]]", "at byte 119 (profiles[0].samples[0][0]): frame index 100 is out of range (the file has 2 frames)"},
        {"[[0.]]", "at byte 118 (profiles[0].samples[0]): invalid JSON: Miss fraction part in number."},
        {"[[1a]]", "at byte 117 (profiles[0].samples[0][0]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[0,1],[0", "at byte 123 (profiles[0].samples[1][0]): invalid JSON: Missing a comma or ']' after an array element."},
        {"[[1 ,]]", "at byte 119 (profiles[0].samples[0][0]): invalid JSON: Invalid value."},
    };
    for (const auto& [samples, message] : cases) {
        auto r = readProfileData(head + samples + "}]}", "case.json");
        ASSERT_FALSE(r.ok()) << samples;
        EXPECT_EQ(r.error().message, "case.json: " + message);
    }
    // Accepted alike: whitespace anywhere, "-0" and "1e0" (RapidJSON's), empty stacks.
    auto r = readProfileData(head + "[[0 ,\t1\r\n],[ 1,-0 ],[1e0],[ ]]}]}", "case.json");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)->sampleCount(), 4u);
    EXPECT_EQ((*r)->stackCount(), 4u); // a, a;b, b, b;a
}
