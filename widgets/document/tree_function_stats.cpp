#include "widgets/document/tree_function_stats.h"

#include <algorithm>

namespace spyglass::ui {

FunctionStats functionStatsFromTree(const Profile& profile, const CallTree& tree, size_t functionCount) {
    std::vector<int64_t> self(functionCount, 0), total(functionCount, 0);
    std::vector<uint32_t> onPath(functionCount, 0); // how often each function is above the node
    // Iterative depth-first walk; a negative entry leaves its node (and takes it off the path).
    std::vector<int64_t> todo;
    for (uint32_t c : tree.children(CallTree::kRoot)) todo.push_back(c);
    while (!todo.empty()) {
        const int64_t entry = todo.back();
        todo.pop_back();
        if (entry < 0) {
            --onPath[tree.node(static_cast<uint32_t>(-entry - 1)).function];
            continue;
        }
        const auto i = static_cast<uint32_t>(entry);
        const CallTreeNode& n = tree.node(i);
        const bool real = n.foldedPackage == 0 && n.function < functionCount;
        if (real) {
            self[n.function] += n.self;
            if (onPath[n.function] == 0) total[n.function] += n.total;
            ++onPath[n.function];
            todo.push_back(-int64_t(i) - 1);
        }
        for (uint32_t c : tree.children(i)) todo.push_back(c);
    }
    FunctionStats out;
    out.totalWeight = tree.totalWeight();
    for (FunctionId f = 0; f < functionCount; ++f)
        if (self[f] || total[f]) out.functions.push_back({f, self[f], total[f]});
    std::sort(out.functions.begin(), out.functions.end(), [&](const FunctionStat& a, const FunctionStat& b) {
        if (a.total != b.total) return a.total > b.total;
        if (a.self != b.self) return a.self > b.self;
        return profile.functionName(a.function) < profile.functionName(b.function);
    });
    return out;
}

} // namespace spyglass::ui
