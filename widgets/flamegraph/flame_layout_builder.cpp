#include "widgets/flamegraph/flame_layout_builder.h"

#include <algorithm>

#include "core/model/flat_hash_map.h"
#include "core/query/weighted_stacks.h"
#include "widgets/flamegraph/flame_label_table.h"

namespace spyglass {

std::shared_ptr<FlameLayout> buildTimeOrderLayout(const ProfileSnapshot& snap,
                                                  const SampleFilter& filter,
                                                  const FlameLayoutOptions& options);

namespace {

// A merged call tree over labels, just enough to lay out: the query's CallTree keeps more per
// node (self, depth, line) and sibling links we would throw away.
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

    // Rows breadth first; each frame's children heaviest first, ties in order of appearance.
    void layOut(FlameLayout& layout) {
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
                          return total_[a] != total_[b] ? total_[a] > total_[b] : a < b;
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
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    FlameLabel all;
    all.isAll = true;
    FlameLabelTable labels(snap, options.byLine, all);
    LabelTrie trie;
    if (snap.profile) {
        std::vector<uint32_t> path;
        forEachWeightedPath(snap, filter, options.metric,
                            [&](std::span<const PathFrame> frames, int64_t weight) {
                                path.clear();
                                for (const PathFrame& f : frames) path.push_back(labels.labelOf(f));
                                trie.add(path, weight);
                            });
    }
    trie.layOut(*layout);
    layout->mutableLabels() = labels.take();
    return layout;
}

std::shared_ptr<FlameLayout> buildCalleesLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    if (!validFunction(snap, function)) {
        LabelTrie().layOut(*layout); // just an empty root
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
    trie.layOut(*layout);
    layout->mutableLabels() = labels.take();
    return layout;
}

std::shared_ptr<FlameLayout> buildCallersLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::LeftHeavy);
    if (!validFunction(snap, function)) {
        LabelTrie().layOut(*layout); // just an empty root
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
    trie.layOut(*layout);
    layout->mutableLabels() = labels.take();
    return layout;
}

} // namespace spyglass
