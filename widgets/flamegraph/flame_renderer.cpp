#include "widgets/flamegraph/flame_renderer.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>

#include "widgets/flamegraph/flame_colors.h"

namespace spyglass {

namespace {

constexpr double kLabelMinPx = 28; // narrower blocks get no text
constexpr double kTextPad = 4;

} // namespace

double FlameRenderer::rowTop(const FlamePaintState& s, uint32_t depth, int height) {
    const double offset = double(depth) * s.rowHeight - s.scrollPx;
    return s.rootAtBottom ? height - s.rowHeight - offset : offset;
}

int FlameRenderer::depthAt(const FlamePaintState& s, double y, int height) {
    const double fromRoot = s.rootAtBottom ? (height - y) + s.scrollPx : y + s.scrollPx;
    if (fromRoot < 0) return -1;
    const auto depth = static_cast<int64_t>(std::floor(fromRoot / s.rowHeight));
    if (!s.model || depth >= static_cast<int64_t>(s.model->layout->rowCount())) return -1;
    return static_cast<int>(depth);
}

std::pair<uint32_t, uint32_t> FlameRenderer::visibleRows(const FlamePaintState& s, int height) {
    if (!s.model) return {0, 0};
    const double first = std::max(0.0, std::floor(s.scrollPx / s.rowHeight));
    const double last = std::ceil((s.scrollPx + height) / s.rowHeight);
    const auto rows = static_cast<double>(s.model->layout->rowCount());
    return {static_cast<uint32_t>(std::min(first, rows)), static_cast<uint32_t>(std::min(last, rows))};
}

QRectF FlameRenderer::frameRect(const FlamePaintState& s, FlameNode n, int height) {
    if (!s.model || !n.valid()) return {};
    const FlameLayout& layout = *s.model->layout;
    const double scale = s.viewport.pxPerUnit();
    const double x = s.viewport.toPx(double(layout.start(n)));
    return {x, rowTop(s, n.depth, height), double(layout.width(n)) * scale, double(s.rowHeight)};
}

void FlameRenderer::paint(QPainter& painter, const QRect& area, const FlamePaintState& s) {
    painter.fillRect(area, s.background);
    if (!s.model || s.model->layout->totalWeight() <= 0) {
        blocks_.clear();
        foldedFor_ = {};
        return;
    }
    const FlameModel& model = *s.model;
    const FlameLayout& layout = *model.layout;
    const bool searching = s.search && s.search->isValid();
    painter.save();
    painter.setClipRect(area);
    painter.translate(area.topLeft());
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetricsF fm(painter.font());
    if (measuredModel_ != &model || measuredFont_ != painter.font()) {
        measuredModel_ = &model;
        measuredFont_ = painter.font();
        textWidth_.assign(model.names.size(), -1.f);
        elided_.assign(model.names.size(), {-1, QString()});
    }

    FlameViewport vp = s.viewport;
    vp.widthPx = area.width();
    const auto [firstRow, lastRow] = visibleRows(s, area.height());
    const FoldKey key{&model, vp.x0, vp.x1, vp.widthPx, vp.foldPx, firstRow, lastRow};
    if (!(key == foldedFor_)) {
        blocks_.clear();
        for (uint32_t d = firstRow; d < lastRow; ++d) foldRow(layout, d, vp, blocks_);
        foldedFor_ = key;
    }

    const QColor text(0x1e, 0x1e, 0x1e);
    const QColor dimText(0x90, 0x90, 0x90);
    for (const FlameBlock& b : blocks_) {
        const double top = rowTop(s, b.depth, area.height());
        // Whole pixels: neighbours share an edge instead of blending into each other.
        double left = std::floor(b.x), right = std::floor(b.x + b.width);
        left = std::max(left, -2.0);
        right = std::min(right, double(area.width()) + 2);
        if (right - left < 1) right = left + 1;
        const int gap = right - left >= 4 ? 1 : 0; // a white seam between frames
        // Integer rectangles take the raster engine's fast solid fill.
        const QRect rect(int(left), int(top), int(right - left) - gap, s.rowHeight - 1);
        bool dim = false;
        QColor fill;
        if (b.folded()) {
            fill = FlameColors::foldedColor();
            dim = searching && !s.search->anyMatch(b.depth, b.first, b.last);
        } else {
            fill = QColor(model.colors[layout.labelIndex(b.node())]);
            dim = searching && !s.search->matches(layout, b.node());
        }
        painter.fillRect(rect, dim ? FlameColors::dimmed(fill) : fill);
        if (b.folded() || rect.width() < kLabelMinPx) continue;
        // A frame reaching past the left edge keeps its label readable in the visible part.
        const QRectF textRect = QRectF(rect).intersected(QRectF(0, top, area.width(), s.rowHeight));
        const uint32_t label = layout.labelIndex(b.node());
        painter.setPen(dim ? dimText : text);
        paintLabel(painter, fm, textRect, label, model.names[label], dim);
    }

    if (s.hasHover) {
        const double top = rowTop(s, s.hover.depth, area.height());
        painter.setPen(QPen(QColor(0x20, 0x20, 0x20), 1));
        painter.drawRect(QRectF(std::floor(s.hover.x), top,
                                std::max(1.0, std::floor(s.hover.width) - 1), s.rowHeight - 2));
    }
    if (s.selected.valid() && s.selected.depth < layout.rowCount()) {
        QRectF r = frameRect(s, s.selected, area.height());
        r.setLeft(std::max(r.left(), -3.0));
        r.setRight(std::min(r.right(), double(area.width()) + 3));
        if (r.width() < 3) r.setWidth(3);
        painter.setPen(QPen(s.hasFocus ? s.focusColor : QColor(0x50, 0x50, 0x50), 2));
        painter.drawRect(r.adjusted(1, 1, -1, -2));
    }
    painter.restore();
}

void FlameRenderer::paintLabel(QPainter& painter, const QFontMetricsF& fm, const QRectF& rect,
                               uint32_t label, const QString& text, bool) {
    const double room = rect.width() - 2 * kTextPad;
    if (room < fm.averageCharWidth() * 2) return;
    float& width = textWidth_[label];
    if (width < 0) width = static_cast<float>(fm.horizontalAdvance(text));
    const double baseline = rect.top() + (rect.height() + fm.ascent() - fm.descent()) / 2;
    const QPointF at(rect.left() + kTextPad, baseline);
    if (width <= room) {
        painter.drawText(at, text);
        return;
    }
    // Eliding measures glyph by glyph: keep the last result per label for repaints.
    auto& [elidedRoom, elided] = elided_[label];
    if (elidedRoom != int(room)) {
        elidedRoom = int(room);
        elided = fm.elidedText(text, Qt::ElideRight, int(room));
    }
    painter.drawText(at, elided);
}

} // namespace spyglass
