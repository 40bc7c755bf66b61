#include "core/query/function_stats.h"

#include <algorithm>

#include "core/model/flat_hash_map.h"
#include "core/query/weighted_stacks.h"

namespace spyglass {

FunctionStats computeFunctionStats(const ProfileSnapshot& snap, const SampleFilter& filter,
                                   size_t metric) {
    const Profile& p = *snap.profile;
    std::vector<int64_t> self(snap.functions, 0), total(snap.functions, 0);
    std::vector<uint32_t> seenAt(snap.functions, UINT32_MAX);
    uint32_t stamp = 0;
    FunctionStats out;
    forEachWeightedPath(snap, filter, metric, [&](std::span<const PathFrame> path, int64_t w) {
        out.totalWeight += w;
        ++stamp;
        for (const PathFrame& f : path) {
            if (f.foldedPackage) continue;
            if (seenAt[f.function] == stamp) continue;
            seenAt[f.function] = stamp;
            total[f.function] += w;
        }
        if (!path.empty() && !path.back().foldedPackage) self[path.back().function] += w;
    });
    for (FunctionId f = 0; f < snap.functions; ++f)
        if (self[f] || total[f]) out.functions.push_back({f, self[f], total[f]});
    std::sort(out.functions.begin(), out.functions.end(), [&](const auto& a, const auto& b) {
        if (a.total != b.total) return a.total > b.total;
        if (a.self != b.self) return a.self > b.self;
        return p.functionName(a.function) < p.functionName(b.function);
    });
    return out;
}

LineStats computeLineStats(const ProfileSnapshot& snap, const SampleFilter& filter, size_t metric,
                           StringId file) {
    const Profile& p = *snap.profile;
    FlatHashMap64 index; // (file, line) -> position in out.lines
    std::vector<uint32_t> seenAt;
    uint32_t stamp = 0;
    LineStats out;
    auto slot = [&](StringId f, uint32_t line) {
        const uint64_t key = packKey(f, line);
        uint32_t i = index.find(key);
        if (i == FlatHashMap64::kMissing) {
            i = index.insert(key, static_cast<uint32_t>(out.lines.size()));
            out.lines.push_back({f, line, 0, 0});
            seenAt.push_back(0);
        }
        return i;
    };
    forEachWeightedPath(snap, filter, metric, [&](std::span<const PathFrame> path, int64_t w) {
        out.totalWeight += w;
        ++stamp;
        for (const PathFrame& f : path) {
            if (f.foldedPackage) continue;
            const StringId fileId = p.function(f.function).file;
            if (file && fileId != file) continue;
            const uint32_t i = slot(fileId, p.frame(f.frame).line);
            if (seenAt[i] == stamp) continue;
            seenAt[i] = stamp;
            out.lines[i].total += w;
        }
        if (!path.empty() && !path.back().foldedPackage) {
            const PathFrame& leaf = path.back();
            const StringId fileId = p.function(leaf.function).file;
            if (!file || fileId == file) out.lines[slot(fileId, p.frame(leaf.frame).line)].self += w;
        }
    });
    std::sort(out.lines.begin(), out.lines.end(), [](const LineStat& a, const LineStat& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    return out;
}

} // namespace spyglass
