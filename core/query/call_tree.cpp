#include "core/query/call_tree.h"

#include <algorithm>

#include "core/model/flat_hash_map.h"
#include "core/query/weighted_stacks.h"

namespace spyglass {


uint32_t CallTree::child(uint32_t parent, FunctionId function, uint32_t line, StringId folded) {
    // Two flat lookups: (function, line) or package to a dense label, then (parent, label).
    const uint64_t labelKey = folded ? packKey(UINT32_MAX, folded) : packKey(function, line);
    uint32_t label = labels_.find(labelKey);
    if (label == FlatHashMap64::kMissing)
        label = labels_.insert(labelKey, static_cast<uint32_t>(labels_.size()));
    const uint64_t key = packKey(parent, label);
    if (uint32_t found = childMap_.find(key); found != FlatHashMap64::kMissing) return found;
    CallTreeNode n;
    n.parent = parent;
    n.function = function;
    n.line = line;
    n.foldedPackage = folded;
    n.depth = nodes_[parent].depth + 1;
    const auto id = static_cast<uint32_t>(nodes_.size());
    nodes_.push_back(n);
    linkHead_.push_back(UINT32_MAX);
    linkNext_.push_back(linkHead_[parent]);
    linkHead_[parent] = id;
    childMap_.insert(key, id);
    return id;
}

void CallTree::finish() {
    // Children lists in one array, heaviest first; ties by node order for stable output.
    childIndex_.clear();
    childIndex_.reserve(nodes_.size());
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
        nodes_[i].firstChild = static_cast<uint32_t>(childIndex_.size());
        uint32_t count = 0;
        for (uint32_t c = linkHead_[i]; c != UINT32_MAX; c = linkNext_[c]) {
            childIndex_.push_back(c);
            ++count;
        }
        nodes_[i].childCount = count;
        auto first = childIndex_.begin() + nodes_[i].firstChild;
        std::sort(first, childIndex_.end(), [&](uint32_t a, uint32_t b) {
            if (nodes_[a].total != nodes_[b].total) return nodes_[a].total > nodes_[b].total;
            return a < b;
        });
    }
    linkHead_ = {};
    linkNext_ = {};
    labels_.clear();
    childMap_.clear();
}

std::string CallTree::label(const Profile& p, uint32_t i) const {
    const CallTreeNode& n = nodes_[i];
    if (i == kRoot) return "<root>";
    if (n.foldedPackage) return "[" + std::string(p.str(n.foldedPackage)) + "]";
    std::string s(p.functionName(n.function));
    if (n.line) s += ":" + std::to_string(n.line);
    return s;
}

std::string CallTree::dump(const Profile& p, size_t maxDepth) const {
    std::string out;
    std::vector<std::pair<uint32_t, size_t>> todo;
    for (auto it = children(kRoot).rbegin(); it != children(kRoot).rend(); ++it) todo.push_back({*it, 0});
    while (!todo.empty()) {
        auto [i, depth] = todo.back();
        todo.pop_back();
        out.append(depth * 2, ' ');
        out += label(p, i) + " " + std::to_string(nodes_[i].total) + " " +
               std::to_string(nodes_[i].self) + "\n";
        if (depth + 1 >= maxDepth) continue;
        auto kids = children(i);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) todo.push_back({*it, depth + 1});
    }
    return out;
}

CallTree buildCallTree(const ProfileSnapshot& snap, const SampleFilter& filter, TreeKind kind,
                       const TreeOptions& options) {
    CallTree tree;
    tree.kind_ = kind;
    tree.linkHead_.push_back(UINT32_MAX);
    tree.linkNext_.push_back(UINT32_MAX);
    const Profile& p = *snap.profile;
    forEachWeightedPath(snap, filter, options.metric, [&](std::span<const PathFrame> path, int64_t w) {
        tree.nodes_[CallTree::kRoot].total += w;
        if (path.empty()) {
            tree.nodes_[CallTree::kRoot].self += w;
            return;
        }
        uint32_t node = CallTree::kRoot;
        auto step = [&](const PathFrame& f) {
            const uint32_t line = options.byLine && !f.foldedPackage ? p.frame(f.frame).line : 0;
            node = tree.child(node, f.function, line, f.foldedPackage);
            tree.nodes_[node].total += w;
        };
        if (kind == TreeKind::TopDown) {
            for (const PathFrame& f : path) step(f);
            tree.nodes_[node].self += w;
        } else {
            for (auto it = path.rbegin(); it != path.rend(); ++it) {
                step(*it);
                // In the inverted tree a node's "self" is the weight of stacks ending here.
                if (it == path.rbegin()) tree.nodes_[node].self += w;
            }
        }
    });
    tree.finish();
    return tree;
}

} // namespace spyglass
