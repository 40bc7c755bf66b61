#include "widgets/flamegraph/flame_layout_builder.h"

#include <algorithm>
#include <string_view>
#include <tuple>

#include "core/model/flat_hash_map.h"
#include "core/query/call_tree.h"
#include "core/query/weighted_stacks.h"
#include "widgets/flamegraph/flame_label_table.h"

namespace spyglass {

std::shared_ptr<FlameLayout> buildTimeOrderLayout(const ProfileSnapshot& snap,
                                                  const SampleFilter& filter,
                                                  const FlameLayoutOptions& options);

namespace {

// A merged call tree over labels for the sandwich halves, whose paths start or end at one
// function (the whole flamegraph is laid out from the query's CallTree instead).
class LabelTrie {
public:
    LabelTrie() {
        parent_.push_back(UINT32_MAX);
        label_.push_back(0);
        total_.push_back(0);
    }

    void add(std::span<const uint32_t> labels, int64_t weight) {
        total_[0] += weight;
        uint32_t node = 0;
        for (uint32_t l : labels) {
            node = child(node, l);
            total_[node] += weight;
        }
    }

    // Rows breadth first; each frame's children heaviest first, ties by label rank (name order),
    // so the picture does not depend on the order stacks were recorded in.
    void layOut(FlameLayout& layout, const std::vector<uint32_t>& rank) {
        const auto n = static_cast<uint32_t>(parent_.size());
        childMap_.clear();
        std::vector<uint32_t> offset(n + 1, 0);
        for (uint32_t i = 1; i < n; ++i) ++offset[parent_[i] + 1];
        for (uint32_t i = 0; i < n; ++i) offset[i + 1] += offset[i];
        std::vector<uint32_t> kids(n > 0 ? n - 1 : 0);
        {
            std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
            for (uint32_t i = 1; i < n; ++i) kids[fill[parent_[i]]++] = i;
        }
        for (uint32_t i = 0; i < n; ++i)
            std::sort(kids.begin() + offset[i], kids.begin() + offset[i + 1],
                      [&](uint32_t a, uint32_t b) {
                          if (total_[a] != total_[b]) return total_[a] > total_[b];
                          if (rank[label_[a]] != rank[label_[b]]) return rank[label_[a]] < rank[label_[b]];
                          return a < b;
                      });
        parent_ = {};

        auto& rows = layout.mutableRows();
        rows.clear();
        std::vector<uint32_t> current{0}, next;
        rows.emplace_back();
        rows[0].start.push_back(0);
        rows[0].prefix.push_back(total_[0]);
        rows[0].label.push_back(label_[0]);
        while (true) {
            next.clear();
            FlameLayout::Row row;
            size_t count = 0; // exact sizes: no growth slack in the largest structure we keep
            for (uint32_t t : current) count += offset[t + 1] - offset[t];
            row.start.reserve(count);
            row.prefix.reserve(count + 1);
            row.label.reserve(count);
            const FlameLayout::Row& above = rows.back();
            for (uint32_t k = 0; k < current.size(); ++k) {
                int64_t x = above.start[k];
                const uint32_t t = current[k];
                for (uint32_t c = offset[t]; c < offset[t + 1]; ++c) {
                    const uint32_t kid = kids[c];
                    row.start.push_back(x);
                    x += total_[kid];
                    row.prefix.push_back(row.prefix.back() + total_[kid]);
                    row.label.push_back(label_[kid]);
                    next.push_back(kid);
                }
            }
            if (row.start.empty()) break;
            rows.push_back(std::move(row));
            std::swap(current, next);
        }
        layout.indexRows();
    }

private:
    uint32_t child(uint32_t node, uint32_t label) {
        const uint64_t key = packKey(node, label);
        const auto id = static_cast<uint32_t>(parent_.size());
        const uint32_t found = childMap_.insert(key, id);
        if (found != id) return found;
        parent_.push_back(node);
        label_.push_back(label);
        total_.push_back(0);
        return id;
    }

    std::vector<uint32_t> parent_;
    std::vector<uint32_t> label_;
    std::vector<int64_t> total_;
    FlatHashMap64 childMap_;
};

// Labels in name order (then file, then line): the tie-break between equally heavy siblings.
std::vector<uint32_t> labelRanks(const std::vector<FlameLabel>& labels, const Profile* p) {
    std::vector<uint32_t> order(labels.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](uint32_t i) {
        const FlameLabel& l = labels[i];
        if (l.isAll || !p) return std::make_tuple(std::string_view(), std::string_view(), 0u);
        if (l.foldedPackage) return std::make_tuple(p->str(l.foldedPackage), std::string_view(), 0u);
        return std::make_tuple(p->functionName(l.function), p->functionFile(l.function), l.line);
    };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    std::vector<uint32_t> rank(labels.size());
    for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
    return rank;
}

void finish(LabelTrie& trie, FlameLabelTable& labels, const ProfileSnapshot& snap, FlameLayout& layout) {
    std::vector<FlameLabel> table = labels.take();
    trie.layOut(layout, labelRanks(table, snap.profile));
    layout.mutableLabels() = std::move(table);
}

FlameLabel rootFor(const ProfileSnapshot& snap, FunctionId function) {
    FlameLabel root;
    root.function = function;
    root.category = snap.profile->function(function).category;
    return root;
}

bool validFunction(const ProfileSnapshot& snap, FunctionId function) {
    return snap.profile && function < snap.functions;
}

} // namespace

std::shared_ptr<FlameLayout> buildFlameLayout(const ProfileSnapshot& snap,
                                              const SampleFilter& filter,
                                              const FlameLayoutOptions& options) {
    if (options.kind == FlameLayoutKind::TimeOrder)
        return buildTimeOrderLayout(snap, filter, options);
    if (!snap.profile) return buildFlameLayout(CallTree{}, snap, options.byLine);
    return buildFlameLayout(buildCallTree(snap, filter, TreeKind::TopDown, {options.metric, options.byLine}),
                            snap, options.byLine);
}

std::shared_ptr<FlameLayout> buildFlameLayout(const CallTree& tree, const ProfileSnapshot& snap, bool byLine) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    FlameLabel all;
    all.isAll = true;
    std::vector<FlameLabel> table;
    std::vector<uint32_t> labelOf(tree.size(), 0); // per tree node; 0 (the root label) for the root
    if (snap.profile) {
        FlameLabelTable labels(snap, byLine, all);
        // Most nodes are a function without a line: an array lookup instead of a hash probe.
        std::vector<uint32_t> byFunction(byLine ? 0 : snap.functions, UINT32_MAX);
        for (uint32_t i = 1; i < tree.size(); ++i) {
            const CallTreeNode& n = tree.node(i);
            if (!n.foldedPackage && n.function < byFunction.size()) {
                uint32_t& l = byFunction[n.function];
                if (l == UINT32_MAX) l = labels.labelOf(n.function, 0, 0);
                labelOf[i] = l;
            } else {
                labelOf[i] = labels.labelOf(n.function, n.line, n.foldedPackage);
            }
        }
        table = labels.take();
    } else {
        all.isRoot = true;
        table = {all};
    }
    const std::vector<uint32_t> rank = labelRanks(table, snap.profile);

    // Rows breadth first. The tree sorts children heaviest first with ties in node order; ties
    // here go by label rank (name order), so the picture does not depend on recording order.
    auto& rows = layout->mutableRows();
    rows.clear();
    rows.emplace_back();
    rows[0].start.push_back(0);
    rows[0].prefix.push_back(tree.size() > 0 ? tree.totalWeight() : 0);
    rows[0].label.push_back(0);
    std::vector<uint32_t> current{CallTree::kRoot}, next, kids;
    auto heavierFirst = [&](uint32_t a, uint32_t b) {
        const int64_t ta = tree.node(a).total, tb = tree.node(b).total;
        if (ta != tb) return ta > tb;
        if (rank[labelOf[a]] != rank[labelOf[b]]) return rank[labelOf[a]] < rank[labelOf[b]];
        return a < b;
    };
    while (tree.size() > 0) {
        size_t count = 0; // exact sizes: no growth slack in the largest structure we keep
        for (uint32_t t : current) count += tree.children(t).size();
        if (count == 0) break;
        FlameLayout::Row row;
        row.start.reserve(count);
        row.prefix.reserve(count + 1);
        row.label.reserve(count);
        next.clear();
        next.reserve(count);
        const FlameLayout::Row& above = rows.back();
        for (uint32_t k = 0; k < current.size(); ++k) {
            const auto children = tree.children(current[k]);
            kids.assign(children.begin(), children.end());
            if (kids.size() > 1) std::sort(kids.begin(), kids.end(), heavierFirst);
            int64_t x = above.start[k];
            for (uint32_t kid : kids) {
                const int64_t w = tree.node(kid).total;
                row.start.push_back(x);
                x += w;
                row.prefix.push_back(row.prefix.back() + w);
                row.label.push_back(labelOf[kid]);
                next.push_back(kid);
            }
        }
        rows.push_back(std::move(row));
        std::swap(current, next);
    }
    layout->indexRows();
    layout->mutableLabels() = std::move(table);
    return layout;
}

std::shared_ptr<FlameLayout> buildCalleesLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    if (!validFunction(snap, function)) {
        LabelTrie().layOut(*layout, {0}); // just an empty root
        FlameLabel none;
        none.isAll = true;
        layout->mutableLabels() = {none};
        return layout;
    }
    FlameLabelTable labels(snap, options.byLine, rootFor(snap, function));
    LabelTrie trie;
    SampleFilter focused = filter;
    focused.focus = {function}; // paths then start at the outermost call of `function`
    std::vector<uint32_t> path;
    forEachWeightedPath(snap, focused, options.metric,
                        [&](std::span<const PathFrame> frames, int64_t weight) {
                            path.clear();
                            for (size_t i = 1; i < frames.size(); ++i)
                                path.push_back(labels.labelOf(frames[i]));
                            trie.add(path, weight);
                        });
    finish(trie, labels, snap, *layout);
    return layout;
}

std::shared_ptr<FlameLayout> buildCallersLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    if (!validFunction(snap, function)) {
        LabelTrie().layOut(*layout, {0}); // just an empty root
        FlameLabel none;
        none.isAll = true;
        layout->mutableLabels() = {none};
        return layout;
    }
    FlameLabelTable labels(snap, options.byLine, rootFor(snap, function));
    LabelTrie trie;
    std::vector<uint32_t> path;
    forEachWeightedPath(snap, filter, options.metric,
                        [&](std::span<const PathFrame> frames, int64_t weight) {
                            size_t at = 0;
                            while (at < frames.size() &&
                                   (frames[at].foldedPackage || frames[at].function != function))
                                ++at;
                            if (at == frames.size()) return;
                            path.clear();
                            for (size_t i = at; i-- > 0;) path.push_back(labels.labelOf(frames[i]));
                            trie.add(path, weight);
                        });
    finish(trie, labels, snap, *layout);
    return layout;
}

} // namespace spyglass
