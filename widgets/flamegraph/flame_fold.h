#pragma once
// What a row looks like at a given zoom: the blocks to paint. A frame at least `foldPx` wide is
// its own block; every run of neighbours narrower than that becomes one folded block whose width
// is the run's summed weight, placed at the run's start. So no threshold hides samples (a row's
// blocks add up to the row's weight) and the number of blocks follows the pixels, not the profile:
// a run is skipped in O(log n) through the row's prefix sums.
#include <cstdint>
#include <vector>

#include "widgets/flamegraph/flame_layout.h"

namespace spyglass {

// The visible window: weight units [x0, x1) across widthPx pixels.
struct FlameViewport {
    double x0 = 0;
    double x1 = 1;
    double widthPx = 1;
    double foldPx = 3; // frames narrower than this fold into their neighbours
    double pxPerUnit() const { return x1 > x0 ? widthPx / (x1 - x0) : 0; }
    double toPx(double x) const { return (x - x0) * pxPerUnit(); }
};

struct FlameBlock {
    double x = 0;     // pixels from the viewport's left edge; may be negative or past the right
    double width = 0; // pixels; mass * pxPerUnit
    uint32_t depth = 0;
    uint32_t first = 0; // frames [first, last) of the row
    uint32_t last = 0;
    int64_t start = 0; // weight units
    int64_t mass = 0;  // summed width of the frames, in weight units
    int64_t span = 0;  // from the first frame's start to the last frame's end (>= mass)
    bool folded() const { return last - first > 1; }
    FlameNode node() const { return {depth, first}; }
};

// Appends the blocks of row `depth` that reach into the viewport, left to right.
void foldRow(const FlameLayout& layout, uint32_t depth, const FlameViewport& viewport,
             std::vector<FlameBlock>& out);

} // namespace spyglass
