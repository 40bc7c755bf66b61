#include "widgets/flamegraph/flame_legend.h"

#include <QPainter>
#include <utility>
#include <vector>

#include "core/model/frame.h"
#include "widgets/flamegraph/flame_colors.h"

namespace spyglass {

namespace {

constexpr int kSwatch = 12;
constexpr int kGap = 6;
constexpr int kSpacing = 16;

std::vector<std::pair<QColor, QString>> legendEntries() {
    std::vector<std::pair<QColor, QString>> entries;
    for (PackageCategory c : {PackageCategory::User, PackageCategory::StandardLibrary,
                              PackageCategory::ThirdParty, PackageCategory::Native,
                              PackageCategory::Idle})
        entries.emplace_back(FlameColors::categoryColor(c), FlameColors::categoryLabel(c));
    entries.emplace_back(FlameColors::foldedColor(), FlameLegend::tr("Folded (too narrow)"));
    return entries;
}

} // namespace

FlameLegend::FlameLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAccessibleName(tr("Flamegraph colors"));
    setToolTip(tr("Frames are colored by where their code comes from; each function keeps its "
                  "own shade of its category's color."));
}

QStringList FlameLegend::entries() const {
    QStringList out;
    for (const auto& e : legendEntries()) out << e.second;
    return out;
}

QSize FlameLegend::sizeHint() const {
    const QFontMetrics fm(font());
    int width = kGap;
    for (const auto& e : legendEntries()) width += kSwatch + kGap + fm.horizontalAdvance(e.second) + kSpacing;
    return {width, std::max(kSwatch, fm.height()) + 2 * kGap};
}

void FlameLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QFontMetrics fm(font());
    int x = kGap;
    const int mid = height() / 2;
    for (const auto& [color, text] : legendEntries()) {
        const QRect swatch(x, mid - kSwatch / 2, kSwatch, kSwatch);
        painter.fillRect(swatch, color);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(swatch.adjusted(0, 0, -1, -1));
        x += kSwatch + kGap;
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(x, 0, fm.horizontalAdvance(text) + 2, height()),
                         Qt::AlignVCenter | Qt::AlignLeft, text);
        x += fm.horizontalAdvance(text) + kSpacing;
    }
}

} // namespace spyglass
