#include "widgets/flamegraph/flame_search.h"

#include <algorithm>

namespace spyglass {

std::shared_ptr<const FlameSearch> FlameSearch::run(const FlameModel& model,
                                                    const QString& pattern,
                                                    bool regularExpression) {
    if (pattern.isEmpty()) return nullptr;
    auto search = std::make_shared<FlameSearch>();
    const QRegularExpression re(regularExpression ? pattern : QRegularExpression::escape(pattern),
                                QRegularExpression::CaseInsensitiveOption);
    if (!re.isValid()) {
        search->error_ = re.errorString();
        return search;
    }
    const FlameLayout& layout = *model.layout;
    search->totalWeight_ = layout.totalWeight();
    const auto& labels = layout.labels();
    search->labelMatch_.assign(labels.size(), 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].isAll) continue;
        if (re.match(model.names[i]).hasMatch() || re.match(model.files[i]).hasMatch()) {
            search->labelMatch_[i] = 1;
            ++search->matchedLabels_;
        }
    }

    // Row by row from the root: `covered` holds the extents of the matches found so far, sorted
    // and disjoint. A matching frame whose start lies in one sits under an earlier match and adds
    // nothing; otherwise its extent is new, counted once, and joins `covered` (frames nest, so it
    // cannot overlap an extent partly). Only matching frames touch more than the label array.
    std::vector<std::pair<int64_t, int64_t>> covered, fresh, merged;
    search->matched_.resize(layout.rowCount());
    for (uint32_t d = 0; d < layout.rowCount(); ++d) {
        const FlameLayout::Row& row = layout.row(d);
        auto& matched = search->matched_[d];
        fresh.clear();
        size_t c = 0;
        for (uint32_t i = 0; i < row.size(); ++i) {
            if (!search->labelMatch_[row.label[i]]) continue;
            matched.push_back(i);
            const int64_t start = row.start[i];
            while (c < covered.size() && covered[c].second <= start) ++c;
            if (c < covered.size() && covered[c].first <= start) continue;
            const int64_t end = start + (row.prefix[i + 1] - row.prefix[i]);
            search->matchedWeight_ += end - start;
            fresh.emplace_back(start, end);
        }
        search->matchedFrames_ += matched.size();
        if (fresh.empty()) continue;
        // Merge, joining extents that touch: runs of neighbouring matches stay one entry, which
        // keeps this list (copied once a row) short.
        merged.clear();
        merged.reserve(covered.size() + fresh.size());
        size_t a = 0, b = 0;
        while (a < covered.size() || b < fresh.size()) {
            const bool takeCovered =
                b == fresh.size() || (a < covered.size() && covered[a].first < fresh[b].first);
            const auto next = takeCovered ? covered[a++] : fresh[b++];
            if (!merged.empty() && merged.back().second == next.first) merged.back().second = next.second;
            else merged.push_back(next);
        }
        std::swap(covered, merged);
    }
    return search;
}

} // namespace spyglass
