#include "widgets/flamegraph/flame_search.h"

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
        if (re.match(model.names[i]).hasMatch()) {
            search->labelMatch_[i] = 1;
            ++search->matchedLabels_;
        }
    }

    // covered[i]: frame i of the current row matches or sits under a match. A match that is not
    // covered from above starts a new matched extent; its width is counted once.
    std::vector<uint8_t> coveredAbove, covered;
    search->matchPrefix_.resize(layout.rowCount());
    for (uint32_t d = 0; d < layout.rowCount(); ++d) {
        const FlameLayout::Row& row = layout.row(d);
        auto& prefix = search->matchPrefix_[d];
        prefix.assign(row.size() + 1, 0);
        covered.assign(row.size(), 0);
        for (uint32_t i = 0; i < row.size(); ++i) {
            const bool match = search->labelMatch_[row.label[i]] != 0;
            const bool above = d > 0 && coveredAbove[row.parent[i]];
            prefix[i + 1] = prefix[i] + (match ? 1 : 0);
            covered[i] = match || above;
            if (match) {
                ++search->matchedFrames_;
                if (!above) search->matchedWeight_ += row.prefix[i + 1] - row.prefix[i];
            }
        }
        std::swap(coveredAbove, covered);
    }
    return search;
}

} // namespace spyglass
