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
        bytes += r.start.capacity() * 8 + r.prefix.capacity() * 8 + r.label.capacity() * 4 +
                 r.coarse.capacity() * 8;
    return bytes;
}

FlameNode FlameLayout::parent(FlameNode n) const {
    if (!n.valid() || n.depth == 0) return {};
    return nodeAt(n.depth - 1, start(n));
}

std::pair<uint32_t, uint32_t> FlameLayout::children(FlameNode n) const {
    if (!n.valid() || n.depth + 1 >= rows_.size()) return {0, 0};
    const auto& starts = rows_[n.depth + 1].start;
    const auto lo = std::lower_bound(starts.begin(), starts.end(), start(n));
    const auto hi = std::lower_bound(lo, starts.end(), end(n));
    return {static_cast<uint32_t>(lo - starts.begin()), static_cast<uint32_t>(hi - starts.begin())};
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
    const FlameNode candidate{n.depth, static_cast<uint32_t>(i)};
    const FlameNode p = parent(n);
    if (start(candidate) < start(p) || start(candidate) >= end(p)) return {};
    return candidate;
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

void FlameLayout::indexRows() {
    for (Row& r : rows_) {
        r.coarse.clear();
        r.coarse.reserve(r.size() / kCoarseStride + 1);
        for (size_t i = 0; i < r.size(); i += kCoarseStride) r.coarse.push_back(r.start[i]);
    }
}

uint32_t FlameLayout::firstStartingFrom(uint32_t depth, uint32_t from, double x) const {
    // Frames are looked at in order, where the prefetcher keeps ahead: a binary search over a
    // row of a million frames would miss the cache at every step. A few frames one by one, then
    // the coarse index (one entry per kCoarseStride frames, a cache line covering 128 frames)
    // forward by galloping, then the frames of the one stride that holds the answer.
    const Row& r = rows_[depth];
    const auto n = static_cast<uint32_t>(r.size());
    auto below = [x](int64_t s) { return static_cast<double>(s) < x; };
    const uint32_t near = std::min(n, from + kCoarseStride);
    for (uint32_t i = from; i < near; ++i)
        if (!below(r.start[i])) return i;
    if (near == n) return n;
    if (r.coarse.empty()) { // not indexed: plain binary search
        return static_cast<uint32_t>(std::partition_point(r.start.begin() + near, r.start.end(), below) -
                                     r.start.begin());
    }
    // Coarse entries k with k * stride >= near; find the first whose start is >= x.
    const auto m = static_cast<uint32_t>(r.coarse.size());
    uint32_t k = (near + kCoarseStride - 1) / kCoarseStride;
    uint32_t lo = k, hi = k, step = 1;
    while (hi < m && below(r.coarse[hi])) {
        lo = hi + 1;
        hi = k + step;
        step *= 2;
    }
    hi = std::min(hi, m);
    const uint32_t c = static_cast<uint32_t>(
        std::partition_point(r.coarse.begin() + lo, r.coarse.begin() + hi, below) - r.coarse.begin());
    // The answer lies in ((c - 1) * stride, c * stride]: every frame before c * stride - stride
    // that we skipped starts before x.
    const uint32_t first = std::max(near, c > 0 ? (c - 1) * kCoarseStride : 0);
    const uint32_t last = std::min(n, c * kCoarseStride);
    for (uint32_t i = first; i < last; ++i)
        if (!below(r.start[i])) return i;
    return last;
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
