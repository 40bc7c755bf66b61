#include "widgets/flamegraph/flame_layout.h"

#include <algorithm>

namespace spyglass {

size_t FlameLayout::nodeCount() const {
    size_t n = 0;
    for (const Row& r : rows_) n += r.size();
    return n;
}

size_t FlameLayout::memoryBytes() const {
    size_t bytes = labels_.capacity() * sizeof(FlameLabel) + rows_.capacity() * sizeof(Row);
    for (const Row& r : rows_)
        bytes += r.start.capacity() * 8 + r.prefix.capacity() * 8 + r.parent.capacity() * 4 +
                 r.label.capacity() * 4;
    return bytes;
}

FlameNode FlameLayout::parent(FlameNode n) const {
    if (!n.valid() || n.depth == 0) return {};
    return {n.depth - 1, rows_[n.depth].parent[n.index]};
}

std::pair<uint32_t, uint32_t> FlameLayout::children(FlameNode n) const {
    if (!n.valid() || n.depth + 1 >= rows_.size()) return {0, 0};
    const auto& parents = rows_[n.depth + 1].parent;
    const auto [lo, hi] = std::equal_range(parents.begin(), parents.end(), n.index);
    return {static_cast<uint32_t>(lo - parents.begin()), static_cast<uint32_t>(hi - parents.begin())};
}

int64_t FlameLayout::self(FlameNode n) const {
    const auto [first, last] = children(n);
    if (first == last) return width(n);
    const auto& p = rows_[n.depth + 1].prefix;
    return width(n) - (p[last] - p[first]);
}

FlameNode FlameLayout::heaviestChild(FlameNode n) const {
    const auto [first, last] = children(n);
    if (first == last) return {};
    FlameNode best{n.depth + 1, first};
    for (uint32_t i = first + 1; i < last; ++i)
        if (width({n.depth + 1, i}) > width(best)) best.index = i;
    return best;
}

FlameNode FlameLayout::sibling(FlameNode n, int direction) const {
    if (!n.valid() || n.depth == 0) return {};
    const Row& r = rows_[n.depth];
    const int64_t i = int64_t{n.index} + (direction < 0 ? -1 : 1);
    if (i < 0 || i >= static_cast<int64_t>(r.size())) return {};
    if (r.parent[i] != r.parent[n.index]) return {};
    return {n.depth, static_cast<uint32_t>(i)};
}

std::vector<FlameNode> FlameLayout::pathTo(FlameNode n) const {
    std::vector<FlameNode> path;
    for (; n.valid(); n = parent(n)) path.push_back(n);
    std::reverse(path.begin(), path.end());
    return path;
}

uint32_t FlameLayout::firstEndingAfter(uint32_t depth, double x) const {
    const Row& r = rows_[depth];
    // The last frame starting at or before x is the only earlier candidate.
    auto it = std::upper_bound(r.start.begin(), r.start.end(), x,
                               [](double v, int64_t s) { return v < static_cast<double>(s); });
    uint32_t i = static_cast<uint32_t>(it - r.start.begin());
    if (i > 0 && static_cast<double>(r.start[i - 1] + (r.prefix[i] - r.prefix[i - 1])) > x) --i;
    return i;
}

FlameNode FlameLayout::nodeAt(uint32_t depth, int64_t x) const {
    if (depth >= rows_.size()) return {};
    const Row& r = rows_[depth];
    auto it = std::upper_bound(r.start.begin(), r.start.end(), x);
    if (it == r.start.begin()) return {};
    const auto i = static_cast<uint32_t>(it - r.start.begin() - 1);
    const FlameNode n{depth, i};
    return x < end(n) ? n : FlameNode{};
}

FlameNode FlameLayout::widestFrameOf(FunctionId function) const {
    // Label indices first: a scan of the frames then compares integers only.
    std::vector<uint8_t> wanted(labels_.size(), 0);
    bool any = false;
    for (size_t i = 0; i < labels_.size(); ++i)
        if (!labels_[i].foldedPackage && labels_[i].function == function && !labels_[i].isAll) {
            wanted[i] = 1;
            any = true;
        }
    FlameNode best;
    if (!any) return best;
    int64_t bestWidth = -1;
    for (uint32_t d = 0; d < rows_.size(); ++d) {
        const Row& r = rows_[d];
        for (uint32_t i = 0; i < r.size(); ++i) {
            if (!wanted[r.label[i]]) continue;
            const int64_t w = r.prefix[i + 1] - r.prefix[i];
            if (w > bestWidth) {
                bestWidth = w;
                best = {d, i};
            }
        }
    }
    return best;
}

} // namespace spyglass
