#include "widgets/document/caller_callee.h"

#include <algorithm>

#include "core/query/weighted_stacks.h"

namespace spyglass::ui {

namespace {

// Sums one edge per sample: a recursive function calling the same callee twice counts once.
class EdgeSums {
public:
    explicit EdgeSums(size_t functions) : slot_(functions, UINT32_MAX), seenAt_(functions, 0) {}

    void add(FunctionId f, int64_t w, bool endsHere, uint32_t stamp) {
        if (slot_[f] == UINT32_MAX) {
            slot_[f] = static_cast<uint32_t>(rows_.size());
            rows_.push_back({f, 0, 0});
        }
        FunctionRow& row = rows_[slot_[f]];
        if (endsHere) row.self += w;
        if (seenAt_[f] == stamp) return;
        seenAt_[f] = stamp;
        row.total += w;
    }

    std::vector<FunctionRow> take() {
        std::sort(rows_.begin(), rows_.end(), [](const FunctionRow& a, const FunctionRow& b) {
            return a.total != b.total ? a.total > b.total : a.function < b.function;
        });
        return std::move(rows_);
    }

private:
    std::vector<uint32_t> slot_;
    std::vector<uint32_t> seenAt_;
    std::vector<FunctionRow> rows_;
};

} // namespace

CallerCallee computeCallerCallee(const ProfileSnapshot& snap, const SampleFilter& filter,
                                 size_t metric, FunctionId function) {
    CallerCallee out;
    out.function = function;
    EdgeSums callers(snap.functions), callees(snap.functions);
    uint32_t stamp = 0;
    forEachWeightedPath(snap, filter, metric, [&](std::span<const PathFrame> path, int64_t w) {
        out.totalWeight += w;
        ++stamp;
        bool onStack = false;
        for (size_t i = 0; i < path.size(); ++i) {
            if (path[i].foldedPackage || path[i].function != function) continue;
            onStack = true;
            const bool leaf = i + 1 == path.size();
            if (i > 0 && !path[i - 1].foldedPackage) callers.add(path[i - 1].function, w, leaf, stamp);
            if (!leaf && !path[i + 1].foldedPackage)
                callees.add(path[i + 1].function, w, i + 2 == path.size(), stamp);
        }
        if (!onStack) return;
        out.total += w;
        if (!path.back().foldedPackage && path.back().function == function) out.self += w;
    });
    out.callers = callers.take();
    out.callees = callees.take();
    return out;
}

} // namespace spyglass::ui
