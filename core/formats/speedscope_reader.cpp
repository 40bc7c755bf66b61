// Reads speedscope JSON (https://www.speedscope.app/file-format-schema.json): `sampled` and
// `evented` profiles, one thread each. The parse streams (speedscope_parse.cpp); this file turns
// what it kept into the model once every key, wherever it was in the file, has been seen.
#include <algorithm>
#include <cmath>

#include "core/formats/format_registry.h"
#include "core/formats/speedscope_document.h"

namespace spyglass {

namespace {

using speedscope::Document;
using speedscope::Series;
using speedscope::Unit;

constexpr std::string_view kSchemaUrl = "https://www.speedscope.app/file-format-schema.json";

bool endsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Speedscope frames carry no kind; guess it from the file, as py-spy and Austin name them.
FrameKind guessKind(std::string_view name, std::string_view file) {
    if (endsWith(file, ".py") || endsWith(file, ".pyw") || endsWith(file, ".pyx") ||
        endsWith(file, ".pyi") || (file.starts_with("<") && file.ends_with(">")))
        return FrameKind::Python;
    if (file.find(".so") != std::string_view::npos || endsWith(file, ".dylib") ||
        endsWith(file, ".dll") || endsWith(file, ".exe"))
        return FrameKind::Native;
    if (name.starts_with("<idle") || name == "[idle]") return FrameKind::Idle;
    return FrameKind::Other;
}

enum class MetricKind : uint8_t { Samples, Time, Bytes };

MetricKind metricKindOf(Unit u) {
    if (u == Unit::None) return MetricKind::Samples;
    if (u == Unit::Bytes) return MetricKind::Bytes;
    return MetricKind::Time;
}

Metric metricFor(MetricKind k) {
    switch (k) {
    case MetricKind::Time: return {"wall", MetricUnit::Nanoseconds};
    case MetricKind::Bytes: return {"alloc", MetricUnit::Bytes};
    case MetricKind::Samples: break;
    }
    return {"cpu", MetricUnit::Samples};
}

// A value of the file in the model's unit (nanoseconds for time), or false when it cannot be one.
bool scaled(double v, Unit unit, int64_t& out) {
    const double s = v * speedscope::unitScale(unit);
    if (!std::isfinite(s) || std::fabs(s) >= 9.2e18) return false;
    out = std::llround(s);
    return true;
}

std::string profileLabel(const Document& doc, size_t i) {
    return "profiles[" + std::to_string(i) + "]" +
           (doc.series[i].name.empty() ? "" : " (\"" + doc.series[i].name.substr(0, 60) + "\")");
}

Result<void> checkDocument(const Document& doc, const std::string& file) {
    if (!doc.sawProfiles) {
        if (!doc.schema.empty() && doc.schema != kSchemaUrl)
            return makeError(file + ": a JSON file with $schema \"" + doc.schema.substr(0, 80) +
                             "\", not a speedscope profile");
        return makeError(file + ": not a speedscope profile: no \"profiles\" array at the top level");
    }
    if (doc.anyFrameUse && doc.maxFrameUse.index >= doc.frames.size()) {
        const auto& use = doc.maxFrameUse;
        if (!doc.sawFrames)
            return makeError(file + ": no \"shared.frames\", but frame " + std::to_string(use.index) +
                             " is used at byte " + std::to_string(use.byteOffset) + " (" + use.path + ")");
        return makeError(file + ": at byte " + std::to_string(use.byteOffset) + " (" + use.path +
                         "): frame index " + std::to_string(use.index) +
                         " is out of range (the file has " + std::to_string(doc.frames.size()) +
                         " frames)");
    }
    return {};
}

// Each series' time origin in the model's unit: its startValue, else (evented) its first event.
Result<int64_t> seriesOrigin(const Series& s, const std::string& where) {
    int64_t origin = 0;
    const double v = s.hasStart ? s.startValue : (s.type == Series::Type::Evented ? s.firstAt : 0);
    if (!scaled(v, s.unit, origin)) return makeError(where + ": startValue out of range");
    return origin;
}

Result<void> appendSeries(Profile& p, Series& s, ThreadIndex thread, size_t metric, int64_t base,
                          const std::vector<StackId>& stackOf, const std::string& where) {
    auto origin = seriesOrigin(s, where);
    if (!origin) return origin.error();
    int64_t time = *origin - base;
    if (s.type == Series::Type::Evented) {
        int64_t first = 0;
        if (!scaled(s.firstAt, s.unit, first)) return makeError(where + ": event time out of range");
        time = first - base;
    }
    std::vector<int64_t> weights(p.metrics().size(), 0);
    const size_t n = s.nodes->size();
    const bool unitWeights = s.type == Series::Type::Sampled && !s.sawWeights;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t node = (*s.nodes)[i];
        int64_t w = 1;
        if (!unitWeights) {
            const double v = (*s.values)[i];
            if (v < 0 || !scaled(v, s.unit, w))
                return makeError(where + ": " + (s.type == Series::Type::Sampled ? "weight " : "duration ") +
                                 std::to_string(v) + " of sample " + std::to_string(i) +
                                 " is out of range");
        }
        if (node != speedscope::kGap) {
            weights[metric] = w;
            const StackId stack = node == speedscope::kEmptyStack ? kNoStack : stackOf[node];
            p.appendSample(SampleInput{time, thread, stack, 0, weights});
        }
        if (__builtin_add_overflow(time, w, &time)) return makeError(where + ": time out of range");
    }
    return {};
}

} // namespace

ProfileResult readSpeedscope(InputSource& in, const ReadOptions& options) {
    auto parsed = speedscope::parseDocument(in, options);
    if (!parsed) return parsed.error();
    Document& doc = *parsed;
    const std::string& file = in.name();
    if (auto ok = checkDocument(doc, file); !ok) return ok.error();

    // One metric per kind of unit, in the order the profiles first use them.
    std::vector<MetricKind> kinds;
    std::vector<size_t> metricOf(doc.series.size());
    for (size_t i = 0; i < doc.series.size(); ++i) {
        const MetricKind k = metricKindOf(doc.series[i].unit);
        auto it = std::find(kinds.begin(), kinds.end(), k);
        metricOf[i] = static_cast<size_t>(it - kinds.begin());
        if (it == kinds.end()) kinds.push_back(k);
    }
    std::vector<Metric> metrics;
    for (MetricKind k : kinds) metrics.push_back(metricFor(k));
    auto profile = std::make_unique<Profile>(metrics);
    Profile& p = *profile;

    auto ordering = speedscope::orderPendingAsync(doc.stacks); // while the frames go in
    std::vector<FrameId> frameOf(doc.frames.size());
    for (size_t i = 0; i < doc.frames.size(); ++i) {
        const speedscope::Frame& f = doc.frames[i];
        frameOf[i] = p.internFrame(p.internFunction(f.name, f.file, guessKind(f.name, f.file)), f.line);
    }
    doc.frames = {};

    // Stacks moved into the trie map node by node (parents come first); the others are
    // interned whole.
    const speedscope::DistinctStacks& stacks = doc.stacks;
    const speedscope::IndexTrie& trie = stacks.trie();
    std::vector<StackId> stackOf(stacks.size());
    {
        std::vector<StackId> nodeStack(trie.size());
        for (uint32_t i = 0; i < trie.size(); ++i) {
            const uint32_t parent = trie.parent(i);
            nodeStack[i] = p.internChild(parent == speedscope::IndexTrie::kRoot ? kNoStack : nodeStack[parent],
                                         frameOf[trie.frame(i)]);
        }
        for (uint32_t id = 0; id < stacks.size(); ++id)
            if (stacks.node(id) != speedscope::DistinctStacks::kPending) stackOf[id] = nodeStack[stacks.node(id)];
    }
    // In sorted order each stack shares the longest prefix with the one before it, so only the
    // frames after that prefix need a lookup in the model's trie. Those nodes are new for sure
    // when the model holds no other stack and distinct speedscope frames are distinct model
    // frames (no duplicates in "shared.frames"): then they go in without a lookup at all.
    const bool allNew = p.stackCount() == 0 && p.frameCount() == frameOf.size();
    std::vector<speedscope::OrderedStack> pending = ordering.get();
    std::vector<StackId> path; // model stack of each prefix of the previous stack
    for (const auto& [id, common, frames] : pending) {
        path.resize(common);
        for (size_t d = common; d < frames.size(); ++d) {
            const StackId parent = d ? path[d - 1] : kNoStack;
            path.push_back(allNew ? p.appendStackUnchecked(parent, frameOf[frames[d]])
                                  : p.internChild(parent, frameOf[frames[d]]));
        }
        stackOf[id] = path.back();
    }
    pending = {};
    doc.stacks = {};

    int64_t base = 0;
    bool haveBase = false;
    for (size_t i = 0; i < doc.series.size(); ++i) {
        auto origin = seriesOrigin(doc.series[i], file + ": " + profileLabel(doc, i));
        if (!origin) return origin.error();
        if (!haveBase || *origin < base) base = *origin;
        haveBase = true;
    }

    size_t total = 0;
    for (const Series& s : doc.series) total += s.nodes->size();
    p.reserveSamples(total);
    bool allTime = !doc.series.empty();
    int64_t end = 0;
    for (size_t i = 0; i < doc.series.size(); ++i) {
        Series& s = doc.series[i];
        const std::string where = file + ": " + profileLabel(doc, i);
        const ThreadIndex thread =
            p.addThread(i, s.name.empty() ? "profile " + std::to_string(i + 1) : s.name);
        if (auto ok = appendSeries(p, s, thread, metricOf[i], base, stackOf, where); !ok)
            return ok.error();
        allTime = allTime && speedscope::isTimeUnit(s.unit);
        int64_t e = 0;
        if (s.hasEnd && scaled(s.endValue, s.unit, e)) end = std::max(end, e - base);
        s.nodes.reset();
        s.values.reset();
    }

    ProfileMetadata meta;
    meta.toolVersion = doc.exporter;
    if (allTime) meta.durationNs = end;
    p.setMetadata(std::move(meta));
    return profile;
}

} // namespace spyglass
