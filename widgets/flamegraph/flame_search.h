#pragma once
// Search over a flamegraph: which frames match a pattern, and the share of samples under at least
// one match. A sample counts once however many of its frames match (nested matches, recursion),
// which in a flamegraph is the measure of the union of the matching frames' extents.
#include <QRegularExpression>
#include <QString>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "widgets/flamegraph/flame_model.h"

namespace spyglass {

class FlameSearch {
public:
    // Matches each label's display name (function name, or "[package]" for a fold) and its
    // function's file once, so "json" finds json's frames; then walks the frames row by row. Case-insensitive; `regularExpression` false means plain text.
    // Returns null for an empty pattern; check isValid() for a bad regular expression.
    static std::shared_ptr<const FlameSearch> run(const FlameModel& model, const QString& pattern,
                                                  bool regularExpression);

    bool isValid() const { return error_.isEmpty(); }
    QString errorString() const { return error_; }
    bool labelMatches(uint32_t label) const { return label < labelMatch_.size() && labelMatch_[label]; }
    bool matches(const FlameLayout& layout, FlameNode n) const {
        return labelMatches(layout.labelIndex(n));
    }
    // Whether any of frames [first, last) of row `depth` matches.
    bool anyMatch(uint32_t depth, uint32_t first, uint32_t last) const {
        if (depth >= matched_.size()) return false;
        const auto& m = matched_[depth];
        const auto it = std::lower_bound(m.begin(), m.end(), first);
        return it != m.end() && *it < last;
    }
    int64_t matchedWeight() const { return matchedWeight_; }
    int64_t totalWeight() const { return totalWeight_; }
    size_t matchedFrames() const { return matchedFrames_; }
    size_t matchedLabels() const { return matchedLabels_; }

private:
    QString error_;
    std::vector<uint8_t> labelMatch_;
    std::vector<std::vector<uint32_t>> matched_; // per row: indices of the matching frames
    int64_t matchedWeight_ = 0;
    int64_t totalWeight_ = 0;
    size_t matchedFrames_ = 0;
    size_t matchedLabels_ = 0;
};

} // namespace spyglass
