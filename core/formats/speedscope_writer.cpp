// Writes speedscope JSON (https://www.speedscope.app/file-format-schema.json) that the real
// speedscope opens: the frames once in "shared", then one `sampled` profile per thread with its
// samples in time order and metric 0 as the weights.
#include <algorithm>
#include <numeric>

#include "core/formats/format_registry.h"
#include "core/formats/json_text.h"

namespace spyglass {

namespace {

std::string_view speedscopeUnit(MetricUnit u) {
    switch (u) {
    case MetricUnit::Nanoseconds: return "nanoseconds";
    case MetricUnit::Bytes: return "bytes";
    case MetricUnit::Samples:
    case MetricUnit::Count: break;
    }
    return "none";
}

class JsonOut {
public:
    explicit JsonOut(OutputSink& sink) : w_(sink) {}
    JsonOut& raw(std::string_view s) {
        w_.put(s);
        return *this;
    }
    JsonOut& str(std::string_view s) {
        scratch_.clear();
        appendJsonString(scratch_, s);
        w_.put(scratch_);
        return *this;
    }
    JsonOut& num(int64_t v) {
        w_.putInt(v);
        return *this;
    }
    JsonOut& ch(char c) {
        w_.put(c);
        return *this;
    }
    Result<void> finish() { return w_.finish(); }

private:
    BufferedWriter w_;
    std::string scratch_;
};

// Sample indices grouped by thread, each group in time order (stable for equal times).
std::vector<std::vector<uint32_t>> samplesByThread(const ProfileSnapshot& snap, bool includeIdle) {
    const Profile& p = *snap.profile;
    std::vector<std::vector<uint32_t>> groups(snap.threads);
    for (size_t i = 0; i < snap.samples; ++i) {
        if (!includeIdle && (p.sampleFlags(i) & kSampleIdle)) continue;
        const ThreadIndex t = p.sampleThread(i);
        if (t < groups.size()) groups[t].push_back(static_cast<uint32_t>(i));
    }
    for (auto& g : groups) {
        auto byTime = [&](uint32_t a, uint32_t b) { return p.sampleTime(a) < p.sampleTime(b); };
        if (!std::is_sorted(g.begin(), g.end(), byTime)) std::stable_sort(g.begin(), g.end(), byTime);
    }
    return groups;
}

std::string groupName(const Profile& p) {
    const ProfileMetadata meta = p.metadata();
    if (!meta.commandLine.empty()) return meta.commandLine;
    if (!meta.sourcePath.empty()) {
        const size_t slash = meta.sourcePath.find_last_of('/');
        return slash == std::string::npos ? meta.sourcePath : meta.sourcePath.substr(slash + 1);
    }
    return "spyglass profile";
}

} // namespace

Result<void> writeSpeedscope(const Profile& p, OutputSink& out, const WriteOptions& options) {
    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    const MetricUnit unit = p.metrics()[0].unit;
    const bool timeUnit = unit == MetricUnit::Nanoseconds;
    const auto groups = samplesByThread(snap, options.includeIdle);

    // The profile shown first: the thread with the most samples.
    size_t active = 0;
    for (size_t t = 0; t < groups.size(); ++t)
        if (groups[t].size() > groups[active].size()) active = t;

    JsonOut j(out);
    j.raw("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"exporter\":")
        .str("spyglass " SPYGLASS_VERSION)
        .raw(",\"name\":")
        .str(groupName(p))
        .raw(",\"activeProfileIndex\":")
        .num(static_cast<int64_t>(active))
        .raw(",\n\"shared\":{\"frames\":[");
    for (size_t f = 0; f < snap.frames; ++f) {
        const Frame& frame = p.frame(static_cast<FrameId>(f));
        const Function& fn = p.function(frame.function);
        j.raw(f ? ",\n{\"name\":" : "\n{\"name\":").str(p.str(fn.name));
        if (fn.file) j.raw(",\"file\":").str(p.str(fn.file));
        if (frame.line) j.raw(",\"line\":").num(frame.line);
        j.ch('}');
    }
    j.raw("]},\n\"profiles\":[");

    std::vector<FrameId> frames;
    for (size_t t = 0; t < groups.size(); ++t) {
        const auto& g = groups[t];
        // endValue = startValue + the weights, saturated: extreme weights must not overflow.
        int64_t sum = 0;
        for (uint32_t i : g)
            if (__builtin_add_overflow(sum, p.sampleWeight(i, 0), &sum)) sum = INT64_MAX;
        const int64_t start = timeUnit && !g.empty() ? p.sampleTime(g.front()) : 0;
        int64_t end = 0;
        if (__builtin_add_overflow(start, sum, &end)) end = INT64_MAX;
        j.raw(t ? ",\n{\"type\":\"sampled\",\"name\":" : "\n{\"type\":\"sampled\",\"name\":")
            .str(p.str(p.thread(static_cast<ThreadIndex>(t)).name))
            .raw(",\"unit\":\"")
            .raw(speedscopeUnit(unit))
            .raw("\",\"startValue\":")
            .num(start)
            .raw(",\"endValue\":")
            .num(end)
            .raw(",\n\"samples\":[");
        for (size_t k = 0; k < g.size(); ++k) {
            p.stackFrames(p.sampleStack(g[k]), frames);
            j.raw(k ? ",[" : "[");
            for (size_t d = 0; d < frames.size(); ++d) {
                if (d) j.ch(',');
                j.num(frames[d]);
            }
            j.ch(']');
        }
        j.raw("],\n\"weights\":[");
        for (size_t k = 0; k < g.size(); ++k) {
            if (k) j.ch(',');
            j.num(p.sampleWeight(g[k], 0));
        }
        j.raw("]}");
    }
    j.raw("]}\n");
    return j.finish();
}

} // namespace spyglass
