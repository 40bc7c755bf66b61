#pragma once
// A layout plus what painting and tooltips need from the profile, resolved once per layout: each
// label's display name and color. Immutable once built, so it is built on the layout worker and
// shared with the GUI thread without locks.
#include <QColor>
#include <QString>
#include <memory>
#include <vector>

#include "core/model/profile.h"
#include "widgets/flamegraph/flame_fold.h"
#include "widgets/flamegraph/flame_layout.h"

namespace spyglass {

struct FlameModel {
    std::shared_ptr<const Profile> profile;
    std::shared_ptr<const FlameLayout> layout;
    MetricUnit unit = MetricUnit::Samples;
    std::vector<QString> names; // per label
    std::vector<QString> files; // per label: the function's file, empty for folds and the root
    std::vector<QRgb> colors;   // per label

    const QString& name(FlameNode n) const { return names[layout->labelIndex(n)]; }
    QColor color(FlameNode n) const { return QColor(colors[layout->labelIndex(n)]); }
    // "file:line", the file alone when lines are merged, empty for folds and the root.
    QString location(FlameNode n) const;
    // "json (standard library)"
    QString packageText(FlameNode n) const;

    // Plain-text tooltip of a frame; percentages of all samples and of `zoomWeight`.
    QString tooltip(FlameNode n, int64_t zoomWeight) const;
    // Plain-text tooltip of a block of folded frames.
    QString foldedTooltip(const FlameBlock& block, int64_t zoomWeight) const;
    // The stack from the root frame down to n, one "name (file:line)" a line, innermost last.
    QString stackText(FlameNode n) const;
};

std::shared_ptr<const FlameModel> makeFlameModel(std::shared_ptr<const Profile> profile,
                                                 std::shared_ptr<const FlameLayout> layout,
                                                 size_t metric);

// "1,234 samples", "12.5 ms", "3.2 MiB" after the metric's unit.
QString formatWeight(int64_t weight, MetricUnit unit);
QString formatPercent(int64_t part, int64_t whole);

} // namespace spyglass
