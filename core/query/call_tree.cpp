#include "core/query/call_tree.h"

#include <algorithm>

#include "core/model/flat_hash_map.h"
#include "core/query/weighted_stacks.h"

namespace spyglass {


uint32_t CallTree::child(uint32_t parent, FunctionId function, uint32_t line, StringId folded,
                         uint32_t who) {
    // `who` names the child among its siblings: the frame (by line), the function, or the folded
    // package with the top bit set. One flat probe per step (insert finds or adds) keeps big
    // trees fast to build.
    const auto id = static_cast<uint32_t>(nodes_.size());
    if (const uint32_t found = childMap_.insert(packKey(parent, who), id); found != id) return found;
    CallTreeNode n;
    n.parent = parent;
    n.function = function;
    n.line = line;
    n.foldedPackage = folded;
    n.depth = nodes_[parent].depth + 1;
    nodes_.push_back(n);
    return id;
}

void CallTree::finish() {
    // Children lists in one array, grouped by parent with a counting sort (parents come before
    // their children, and each group fills in id order), then heaviest first; ties by node order
    // for stable output. A node made on the way to a stack that was then dropped has no weight:
    // not a child.
    const auto n = static_cast<uint32_t>(nodes_.size());
    auto weighty = [&](uint32_t i) { return nodes_[i].total != 0 || nodes_[i].self != 0; };
    for (uint32_t i = 0; i < n; ++i) nodes_[i].childCount = 0;
    for (uint32_t i = 1; i < n; ++i)
        if (weighty(i)) ++nodes_[nodes_[i].parent].childCount;
    uint32_t at = 0;
    for (uint32_t i = 0; i < n; ++i) {
        nodes_[i].firstChild = at;
        at += nodes_[i].childCount;
    }
    childIndex_.assign(at, 0);
    std::vector<uint32_t> fill(n);
    for (uint32_t i = 0; i < n; ++i) fill[i] = nodes_[i].firstChild;
    for (uint32_t i = 1; i < n; ++i)
        if (weighty(i)) childIndex_[fill[nodes_[i].parent]++] = i;
    fill = {};
    for (uint32_t i = 0; i < n; ++i) {
        if (nodes_[i].childCount < 2) continue;
        auto first = childIndex_.begin() + nodes_[i].firstChild;
        std::sort(first, first + nodes_[i].childCount, [&](uint32_t a, uint32_t b) {
            if (nodes_[a].total != nodes_[b].total) return nodes_[a].total > nodes_[b].total;
            return a < b;
        });
    }
    childMap_ = {}; // clear() would keep its slots: as much memory as the nodes, for nothing
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

namespace {

constexpr uint32_t kFoldBit = 0x80000000u;

// Per trie node state of the top-down walk: a tree node, or one of these.
constexpr uint32_t kDropped = UINT32_MAX;     // an excluded frame is on the path
constexpr uint32_t kBeforeFocus = UINT32_MAX - 1; // no focus frame yet on the path

bool isLibrary(const Function& f) {
    return f.package != 0 &&
           (f.category == PackageCategory::StandardLibrary || f.category == PackageCategory::ThirdParty);
}

template <typename T>
bool contains(const std::vector<T>& v, T x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

} // namespace

CallTree buildCallTree(const ProfileSnapshot& snap, const SampleFilter& filter, TreeKind kind,
                       const TreeOptions& options) {
    CallTree tree;
    tree.kind_ = kind;
    const Profile& p = *snap.profile;
    auto& nodes = tree.nodes_;
    auto step = [&](uint32_t node, FrameId frameId) {
        const Frame& fr = p.frame(frameId);
        if (filter.myCodeOnly) {
            if (const Function& f = p.function(fr.function); isLibrary(f)) {
                if (nodes[node].foldedPackage == f.package) return node;
                return tree.child(node, 0, 0, f.package, kFoldBit | f.package);
            }
        }
        return options.byLine ? tree.child(node, fr.function, fr.line, 0, frameId)
                              : tree.child(node, fr.function, 0, 0, fr.function);
    };
    // Most trees exclude nothing: then no frame needs its function looked up for this.
    const bool excluding = !filter.excluded.empty() || !filter.excludedPackages.empty();
    auto droppedBy = [&](FunctionId fn) {
        return excluding &&
               (contains(filter.excluded, fn) || contains(filter.excludedPackages, p.function(fn).package));
    };

    if (kind == TreeKind::TopDown) {
        // Every trie node maps to one tree node given its parent's, so each is computed once, in
        // id order (a parent always has a smaller id than its children).
        std::vector<int64_t> weights = weightPerStack(snap, filter, options.metric);
        std::vector<uint8_t> needed(weights.size(), 0);
        for (size_t s = weights.size(); s-- > 0;) {
            if (weights[s] != 0) needed[s] = 1;
            const StackId parent = p.stack(static_cast<StackId>(s)).parent;
            if (needed[s] && parent != kNoStack) needed[parent] = 1;
        }
        size_t neededCount = 0;
        for (uint8_t n : needed) neededCount += n;
        tree.childMap_.reserve(neededCount);
        nodes.reserve(neededCount + 1);
        std::vector<uint32_t> state(weights.size(), kDropped);
        const uint32_t start = filter.focus.empty() ? CallTree::kRoot : kBeforeFocus;
        for (StackId s = 0; s < weights.size(); ++s) {
            if (!needed[s]) continue;
            const StackNode& n = p.stack(s);
            const uint32_t from = n.parent == kNoStack ? start : state[n.parent];
            const FunctionId fn = p.frame(n.frame).function;
            uint32_t to = kDropped;
            if (from == kDropped || droppedBy(fn)) to = kDropped;
            else if (from == kBeforeFocus) to = contains(filter.focus, fn) ? step(CallTree::kRoot, n.frame) : kBeforeFocus;
            else to = step(from, n.frame);
            state[s] = to;
            if (weights[s] == 0 || to == kDropped || to == kBeforeFocus) continue;
            nodes[to].self += weights[s];
        }
        for (size_t i = nodes.size(); i-- > 1;) {
            nodes[i].total += nodes[i].self;
            nodes[nodes[i].parent].total += nodes[i].total;
        }
    } else {
        forEachWeightedPath(snap, filter, options.metric, [&](std::span<const PathFrame> path, int64_t w) {
            nodes[CallTree::kRoot].total += w;
            if (path.empty()) return;
            uint32_t node = CallTree::kRoot;
            for (auto it = path.rbegin(); it != path.rend(); ++it) {
                const PathFrame& f = *it;
                if (f.foldedPackage) node = tree.child(node, 0, 0, f.foldedPackage, kFoldBit | f.foldedPackage);
                else if (options.byLine) node = tree.child(node, f.function, p.frame(f.frame).line, 0, f.frame);
                else node = tree.child(node, f.function, 0, 0, f.function);
                nodes[node].total += w;
                // In the inverted tree a node's "self" is the weight of stacks ending here.
                if (it == path.rbegin()) nodes[node].self += w;
            }
        });
    }
    tree.finish();
    return tree;
}

} // namespace spyglass
