#include "core/query/profile_compare.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/query/weighted_stacks.h"

namespace spyglass {

void appendProfile(Profile& into, const Profile& from, int64_t timeOffsetNs) {
    std::vector<StringId> strings(from.strings().size());
    for (StringId i = 0; i < strings.size(); ++i) strings[i] = into.intern(from.str(i));
    std::vector<FunctionId> functions(from.functionCount());
    for (FunctionId i = 0; i < functions.size(); ++i) {
        Function f = from.function(i);
        f.name = strings[f.name];
        f.file = strings[f.file];
        f.module = strings[f.module];
        f.package = strings[f.package];
        functions[i] = into.internFunction(f);
    }
    std::vector<FrameId> frames(from.frameCount());
    for (FrameId i = 0; i < frames.size(); ++i)
        frames[i] = into.internFrame(functions[from.frame(i).function], from.frame(i).line);
    std::vector<StackId> stacks(from.stackCount());
    for (StackId i = 0; i < stacks.size(); ++i) {
        const StackNode& n = from.stack(i);
        stacks[i] = into.internChild(n.parent == kNoStack ? kNoStack : stacks[n.parent], frames[n.frame]);
    }
    std::vector<ThreadIndex> threads(from.threadCount());
    for (ThreadIndex i = 0; i < threads.size(); ++i) {
        const ThreadInfo t = from.thread(i);
        threads[i] = into.threadById(t.id, from.str(t.name));
    }
    std::vector<size_t> metricMap(into.metrics().size(), SIZE_MAX);
    for (size_t m = 0; m < into.metrics().size(); ++m) metricMap[m] = from.metricIndex(into.metrics()[m].name);
    std::vector<int64_t> weights(into.metrics().size());
    for (size_t i = 0; i < from.sampleCount(); ++i) {
        for (size_t m = 0; m < weights.size(); ++m)
            weights[m] = metricMap[m] < from.metrics().size() ? from.sampleWeight(i, metricMap[m]) : 0;
        const StackId s = from.sampleStack(i);
        into.appendSample(SampleInput{from.sampleTime(i) + timeOffsetNs, threads[from.sampleThread(i)],
                                      s == kNoStack ? kNoStack : stacks[s], from.sampleFlags(i), weights});
    }
}

std::unique_ptr<Profile> mergeProfiles(const Profile& a, const Profile& b) {
    std::vector<Metric> metrics = a.metrics();
    for (const Metric& m : b.metrics())
        if (a.metricIndex(m.name) == a.metrics().size()) metrics.push_back(m);
    auto merged = std::make_unique<Profile>(metrics);
    ProfileMetadata meta = a.metadata();
    merged->setMetadata(meta);
    appendProfile(*merged, a, 0);
    int64_t end = 0;
    for (size_t i = 0; i < a.sampleCount(); ++i) end = std::max(end, a.sampleTime(i) + 1);
    appendProfile(*merged, b, end);
    meta.durationNs = 0;
    merged->setMetadata(meta);
    return merged;
}

namespace {

struct Totals {
    int64_t self = 0, total = 0;
};

std::unordered_map<std::string, Totals> frameTotals(const Profile& p, bool byLine, size_t metric,
                                                    int64_t& grand) {
    std::unordered_map<std::string, Totals> out;
    grand = 0;
    if (metric >= p.metrics().size()) return out;
    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    std::vector<std::string> keys(snap.frames);
    for (FrameId f = 0; f < snap.frames; ++f) {
        const Frame& fr = p.frame(f);
        keys[f] = std::string(p.functionName(fr.function)) + '\0' + std::string(p.functionFile(fr.function)) +
                  '\0' + std::to_string(byLine ? fr.line : 0);
    }
    std::vector<const std::string*> seen;
    forEachWeightedPath(snap, {}, metric, [&](std::span<const PathFrame> path, int64_t w) {
        grand += w;
        seen.clear();
        for (const PathFrame& f : path) {
            const std::string* k = &keys[f.frame];
            if (std::find_if(seen.begin(), seen.end(), [&](auto* s) { return *s == *k; }) != seen.end())
                continue;
            seen.push_back(k);
            out[*k].total += w;
        }
        if (!path.empty()) out[keys[path.back().frame]].self += w;
    });
    return out;
}

} // namespace

std::vector<FrameDiff> diffProfiles(const Profile& a, const Profile& b, bool byLine,
                                    const std::string& metric) {
    const std::string name = metric.empty() ? a.metrics()[0].name : metric;
    int64_t grandA = 0, grandB = 0;
    auto ta = frameTotals(a, byLine, a.metricIndex(name), grandA);
    auto tb = frameTotals(b, byLine, b.metricIndex(name), grandB);
    std::unordered_map<std::string, FrameDiff> merged;
    auto entry = [&](const std::string& key) -> FrameDiff& {
        auto [it, fresh] = merged.try_emplace(key);
        if (fresh) {
            const size_t z1 = key.find('\0'), z2 = key.find('\0', z1 + 1);
            it->second.function = key.substr(0, z1);
            it->second.file = key.substr(z1 + 1, z2 - z1 - 1);
            it->second.line = static_cast<uint32_t>(std::stoul(key.substr(z2 + 1)));
        }
        return it->second;
    };
    for (auto& [k, t] : ta) {
        FrameDiff& d = entry(k);
        d.selfA = t.self;
        d.totalA = t.total;
    }
    for (auto& [k, t] : tb) {
        FrameDiff& d = entry(k);
        d.selfB = t.self;
        d.totalB = t.total;
    }
    std::vector<FrameDiff> out;
    out.reserve(merged.size());
    auto share = [](int64_t v, int64_t all) { return all ? double(v) / double(all) : 0.0; };
    for (auto& [k, d] : merged) {
        d.selfShareDelta = share(d.selfB, grandB) - share(d.selfA, grandA);
        d.totalShareDelta = share(d.totalB, grandB) - share(d.totalA, grandA);
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const FrameDiff& x, const FrameDiff& y) {
        const double ax = std::fabs(x.totalShareDelta), ay = std::fabs(y.totalShareDelta);
        if (ax != ay) return ax > ay;
        if (x.function != y.function) return x.function < y.function;
        return x.line < y.line;
    });
    return out;
}

} // namespace spyglass
