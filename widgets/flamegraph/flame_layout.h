#pragma once
// The geometry of a flamegraph in weight units, before any pixels: one row per depth, each row a
// sorted list of non-overlapping frames. Row 0 holds the root, which spans [0, totalWeight()).
//
// Rows are struct-of-arrays (20 bytes a frame) because a time-order layout of a large profile
// holds millions of frames. Nothing links frames: a frame's children are the frames of the row
// below that start inside it, its parent the frame of the row above that covers its start (frames
// nest and never overlap), both found by binary search. Widths come from a per-row prefix sum,
// which is also what lets the painter fold a run of narrow frames into one block of the right
// mass in O(log n).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/model/frame.h"
#include "core/model/string_table.h"

namespace spyglass {

enum class FlameLayoutKind {
    LeftHeavy, // merged call tree, children sorted heaviest first
    TimeOrder, // samples in order along x (threads one after another), equal neighbours merged
};

// What a frame shows: a function (optionally at one line) or a "my code only" package fold.
struct FlameLabel {
    FunctionId function = 0;
    uint32_t line = 0;          // non-zero only when the layout splits functions by line
    StringId foldedPackage = 0; // non-zero: a run of library frames folded into this package
    PackageCategory category = PackageCategory::Unknown;
    bool isRoot = false; // the row-0 frame
    bool isAll = false;  // the root of a whole flamegraph (all samples); no function
};

// A frame's address: its row (depth) and index in that row.
struct FlameNode {
    uint32_t depth = 0;
    uint32_t index = UINT32_MAX;
    bool valid() const { return index != UINT32_MAX; }
    bool operator==(const FlameNode&) const = default;
};

class FlameLayout {
public:
    static constexpr uint32_t kNone = UINT32_MAX;

    struct Row {
        std::vector<int64_t> start;
        std::vector<int64_t> prefix{0}; // prefix[i]: summed width of the frames before i
        std::vector<uint32_t> label;    // index into labels()
        std::vector<int64_t> coarse;    // start of every kCoarseStride-th frame: a search index
        size_t size() const { return start.size(); }
    };
    static constexpr uint32_t kCoarseStride = 16;

    FlameLayoutKind kind() const { return kind_; }
    int64_t totalWeight() const { return rows_.empty() ? 0 : width({0, 0}); }
    size_t rowCount() const { return rows_.size(); }
    const Row& row(uint32_t depth) const { return rows_[depth]; }
    size_t nodeCount() const;
    size_t memoryBytes() const;
    const std::vector<FlameLabel>& labels() const { return labels_; }

    FlameNode root() const { return rows_.empty() ? FlameNode{} : FlameNode{0, 0}; }
    int64_t start(FlameNode n) const { return rows_[n.depth].start[n.index]; }
    int64_t width(FlameNode n) const {
        const auto& p = rows_[n.depth].prefix;
        return p[n.index + 1] - p[n.index];
    }
    int64_t end(FlameNode n) const { return start(n) + width(n); }
    const FlameLabel& label(FlameNode n) const { return labels_[rows_[n.depth].label[n.index]]; }
    uint32_t labelIndex(FlameNode n) const { return rows_[n.depth].label[n.index]; }
    FlameNode parent(FlameNode n) const;
    // Children as an index range [first, last) of row depth + 1.
    std::pair<uint32_t, uint32_t> children(FlameNode n) const;
    int64_t self(FlameNode n) const;
    // The heaviest child (the first one in a left-heavy layout); invalid for a leaf.
    FlameNode heaviestChild(FlameNode n) const;
    // Previous / next frame of the same parent; invalid at either end.
    FlameNode sibling(FlameNode n, int direction) const;
    // Root first.
    std::vector<FlameNode> pathTo(FlameNode n) const;
    // The frame of row `depth` whose [start, end) holds x; invalid when none does.
    FlameNode nodeAt(uint32_t depth, int64_t x) const;
    // Index of the first frame of row `depth` that ends after x.
    uint32_t firstEndingAfter(uint32_t depth, double x) const;
    // Index of the first frame at or after `from` in row `depth` that starts at or after x.
    // Costs O(log distance) and touches little memory: the folding of every paint leans on it.
    uint32_t firstStartingFrom(uint32_t depth, uint32_t from, double x) const;
    // The widest frame of a function (outside "my code only" folds); invalid when none.
    FlameNode widestFrameOf(FunctionId function) const;

    // --- building ---------------------------------------------------------------------------
    explicit FlameLayout(FlameLayoutKind kind = FlameLayoutKind::LeftHeavy) : kind_(kind) {}
    std::vector<Row>& mutableRows() { return rows_; }
    std::vector<FlameLabel>& mutableLabels() { return labels_; }
    // Builds the rows' search indexes; builders call it once the rows are complete.
    void indexRows();

private:
    FlameLayoutKind kind_;
    std::vector<Row> rows_;
    std::vector<FlameLabel> labels_;
};

} // namespace spyglass
