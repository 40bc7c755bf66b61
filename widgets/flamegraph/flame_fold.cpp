#include "widgets/flamegraph/flame_fold.h"

#include <algorithm>

namespace spyglass {

void foldRow(const FlameLayout& layout, uint32_t depth, const FlameViewport& viewport,
             std::vector<FlameBlock>& out) {
    if (depth >= layout.rowCount()) return;
    const FlameLayout::Row& row = layout.row(depth);
    const auto n = static_cast<uint32_t>(row.size());
    const double scale = viewport.pxPerUnit();
    if (n == 0 || scale <= 0) return;
    // A frame narrower than this many weight units folds.
    const double foldUnits = viewport.foldPx / scale;
    auto width = [&](uint32_t i) { return row.prefix[i + 1] - row.prefix[i]; };
    auto emit = [&](uint32_t first, uint32_t last) {
        const int64_t start = row.start[first];
        const int64_t mass = row.prefix[last] - row.prefix[first];
        const int64_t span = row.start[last - 1] + width(last - 1) - start;
        // A folded run that touches the previous folded run continues it as one block.
        if (last - first >= 1 && !out.empty()) {
            FlameBlock& prev = out.back();
            const bool prevNarrow = prev.folded() || prev.mass < foldUnits;
            const bool narrow = (last - first > 1) || mass < foldUnits;
            if (prevNarrow && narrow && prev.depth == depth && prev.last == first &&
                prev.start + prev.mass == start && prev.mass == prev.span) {
                prev.last = last;
                prev.mass += mass;
                prev.span += span;
                prev.width = static_cast<double>(prev.mass) * scale;
                return;
            }
        }
        FlameBlock b;
        b.depth = depth;
        b.first = first;
        b.last = last;
        b.start = start;
        b.mass = mass;
        b.span = span;
        b.x = viewport.toPx(static_cast<double>(start));
        b.width = static_cast<double>(mass) * scale;
        out.push_back(b);
    };

    uint32_t i = layout.firstEndingAfter(depth, viewport.x0);
    while (i < n && static_cast<double>(row.start[i]) < viewport.x1) {
        if (static_cast<double>(width(i)) >= foldUnits) {
            emit(i, i + 1);
            ++i;
            continue;
        }
        // The frames starting within foldPx of this one are all narrow, except perhaps the last,
        // since frames do not overlap: a wide one there ends the window.
        const double windowEnd = static_cast<double>(row.start[i]) + foldUnits;
        const uint32_t j0 = layout.firstStartingFrom(depth, i + 1, windowEnd);
        uint32_t j = j0;
        if (j - 1 > i && static_cast<double>(width(j - 1)) >= foldUnits) --j;
        emit(i, j);
        i = j;
    }
}

} // namespace spyglass
