#include "core/query/weighted_stacks.h"

#include <algorithm>

namespace spyglass {

std::vector<int64_t> weightPerStack(const ProfileSnapshot& snap, const SampleFilter& filter,
                                    size_t metric) {
    const Profile& p = *snap.profile;
    std::vector<int64_t> weights(snap.stacks, 0);
    std::vector<uint8_t> threadOk;
    if (!filter.threads.empty()) {
        threadOk.assign(snap.threads, 0);
        for (ThreadIndex t : filter.threads)
            if (t < threadOk.size()) threadOk[t] = 1;
    }
    const bool timed = filter.hasTimeRange();
    for (size_t i = 0; i < snap.samples; ++i) {
        const StackId s = p.sampleStack(i);
        if (s == kNoStack || s >= snap.stacks) continue;
        if (!threadOk.empty()) {
            const ThreadIndex t = p.sampleThread(i);
            if (t >= threadOk.size() || !threadOk[t]) continue;
        }
        if (timed) {
            const int64_t t = p.sampleTime(i);
            if (t < filter.timeBegin || t >= filter.timeEnd) continue;
        }
        if (!filter.includeIdle && (p.sampleFlags(i) & kSampleIdle)) continue;
        weights[s] += p.sampleWeight(i, metric);
    }
    return weights;
}

namespace {

bool contains(const std::vector<FunctionId>& v, FunctionId f) {
    return std::find(v.begin(), v.end(), f) != v.end();
}

bool isLibrary(const Function& f) {
    return f.package != 0 && (f.category == PackageCategory::StandardLibrary ||
                               f.category == PackageCategory::ThirdParty);
}

} // namespace

void forEachWeightedPath(const ProfileSnapshot& snap, const SampleFilter& filter, size_t metric,
                         const std::function<void(std::span<const PathFrame>, int64_t)>& visit) {
    forEachWeightedStack(snap, filter, metric,
                         [&](StackId, std::span<const PathFrame> path, int64_t w) { visit(path, w); });
}

void forEachWeightedStack(
    const ProfileSnapshot& snap, const SampleFilter& filter, size_t metric,
    const std::function<void(StackId, std::span<const PathFrame>, int64_t)>& visit) {
    const Profile& p = *snap.profile;
    const std::vector<int64_t> weights = weightPerStack(snap, filter, metric);
    std::vector<FrameId> frames;
    std::vector<PathFrame> path;
    for (StackId s = 0; s < weights.size(); ++s) {
        if (weights[s] == 0) continue;
        p.stackFrames(s, frames);
        size_t begin = 0;
        if (!filter.focus.empty()) {
            begin = frames.size();
            for (size_t i = 0; i < frames.size(); ++i)
                if (contains(filter.focus, p.frame(frames[i]).function)) {
                    begin = i;
                    break;
                }
            if (begin == frames.size()) continue;
        }
        bool dropped = false;
        path.clear();
        for (size_t i = begin; i < frames.size() && !dropped; ++i) {
            const FunctionId fn = p.frame(frames[i]).function;
            const Function& f = p.function(fn);
            if (contains(filter.excluded, fn) ||
                std::find(filter.excludedPackages.begin(), filter.excludedPackages.end(), f.package) !=
                    filter.excludedPackages.end()) {
                dropped = true;
                break;
            }
            if (filter.myCodeOnly && isLibrary(f)) {
                // One frame per run of the same library package; the run's inner frames vanish.
                if (!path.empty() && path.back().foldedPackage == f.package) continue;
                path.push_back(PathFrame{0, 0, f.package});
                continue;
            }
            path.push_back(PathFrame{frames[i], fn, 0});
        }
        if (!dropped) visit(s, path, weights[s]);
    }
}

} // namespace spyglass
