// FlameGraphView: painting, hit testing, tooltips and image export.
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <cmath>

#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

namespace spyglass {

FlamePaintState FlameGraphView::paintState(int width, int height) const {
    FlamePaintState s;
    s.model = model_.get();
    s.search = isSearchActive() ? search_.get() : nullptr;
    s.viewport.x0 = viewX0_;
    s.viewport.x1 = viewX1_;
    s.viewport.widthPx = width;
    s.viewport.foldPx = foldPx_;
    s.rootAtBottom = orientation_ == Orientation::Flame;
    s.rowHeight = rowHeight_;
    s.scrollPx = scrollPx_;
    s.selected = selected_;
    s.hasFocus = hasFocus();
    s.focusColor = palette().color(QPalette::Highlight);
    s.background = palette().color(QPalette::Base);
    if (hoverPos_ && model_) {
        // Recomputed from the mouse position: the block under it moves while animating.
        const int depth = FlameRenderer::depthAt(s, hoverPos_->y(), height);
        if (depth >= 0) {
            std::vector<FlameBlock> row;
            foldRow(*model_->layout, uint32_t(depth), s.viewport, row);
            for (const FlameBlock& b : row)
                if (hoverPos_->x() >= std::floor(b.x) &&
                    hoverPos_->x() < std::max(std::floor(b.x) + 1, std::floor(b.x + b.width))) {
                    s.hasHover = true;
                    s.hover = b;
                    break;
                }
        }
    }
    return s;
}

FlameViewport FlameGraphView::viewport() const { return paintState(width(), height()).viewport; }

QRectF FlameGraphView::frameRect(FlameNode node) const {
    return FlameRenderer::frameRect(paintState(width(), height()), node, height());
}

std::optional<FlameBlock> FlameGraphView::blockAt(QPoint pos) const {
    if (!model_) return std::nullopt;
    const FlamePaintState s = paintState(width(), height());
    const int depth = FlameRenderer::depthAt(s, pos.y(), height());
    if (depth < 0 || pos.x() < 0 || pos.x() >= width()) return std::nullopt;
    std::vector<FlameBlock> row;
    foldRow(*model_->layout, uint32_t(depth), s.viewport, row);
    for (const FlameBlock& b : row)
        if (pos.x() >= std::floor(b.x) && pos.x() < std::max(std::floor(b.x) + 1, std::floor(b.x + b.width)))
            return b;
    return std::nullopt;
}

std::vector<FlameBlock> FlameGraphView::visibleBlocks() const {
    std::vector<FlameBlock> blocks;
    if (!model_) return blocks;
    const FlamePaintState s = paintState(width(), height());
    const auto [first, last] = FlameRenderer::visibleRows(s, height());
    for (uint32_t d = first; d < last; ++d) foldRow(*model_->layout, d, s.viewport, blocks);
    return blocks;
}

QString FlameGraphView::tooltipTextAt(QPoint pos) const {
    const auto block = blockAt(pos);
    if (!block) return {};
    if (block->folded()) return model_->foldedTooltip(*block, zoomWeight());
    return model_->tooltip(block->node(), zoomWeight());
}

QString FlameGraphView::frameName(FlameNode node) const {
    if (!model_ || !node.valid() || node.depth >= model_->layout->rowCount()) return {};
    return model_->name(node);
}

QString FlameGraphView::stackText(FlameNode node) const {
    if (!model_ || !node.valid() || node.depth >= model_->layout->rowCount()) return {};
    return model_->stackText(node);
}

void FlameGraphView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setFont(font());
    renderer_.paint(painter, rect(), paintState(width(), height()));
    paintOverlay(painter, rect());
    if (hasFocus() && !selected_.valid()) {
        // Keyboard focus must be visible even before a frame is selected.
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void FlameGraphView::paintOverlay(QPainter& painter, const QRect& area) const {
    QString message;
    if (!profile_) message = tr("No profile");
    else if (scope_ != Scope::Everything && scopeFunction_ >= profile_->functionCount())
        message = tr("Select a function to see its callers and callees");
    else if (!model_) message = tr("Computing the flamegraph…");
    else if (model_->layout->totalWeight() <= 0) message = tr("No samples match the filter");
    if (!message.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter, message);
        return;
    }
    QStringList notes;
    if (search_ && !search_->isValid()) notes << tr("Invalid pattern: %1").arg(search_->errorString());
    else if (isSearchActive())
        notes << tr("Matches: %1 of samples (%2)")
                     .arg(formatPercent(search_->matchedWeight(), search_->totalWeight()),
                          formatWeight(search_->matchedWeight(), model_->unit));
    if (isLayoutPending()) notes << tr("Updating…");
    if (notes.isEmpty()) return;
    const QString text = notes.join(QStringLiteral("  ·  "));
    const QFontMetrics fm(painter.font());
    QRect box = fm.boundingRect(text).adjusted(-6, -3, 6, 3);
    // Away from the root row, where the widest frames are.
    const bool top = orientation_ == Orientation::Flame;
    box.moveTopRight(QPoint(area.right() - 6, top ? area.top() + 6 : area.bottom() - box.height() - 6));
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPainterPath path;
    path.addRoundedRect(box, 4, 4);
    painter.fillPath(path, QColor(255, 255, 255, 225));
    painter.setPen(QColor(0x80, 0x80, 0x80));
    painter.drawPath(path);
    painter.setPen(QColor(0x20, 0x20, 0x20));
    painter.drawText(box, Qt::AlignCenter, text);
}

QImage FlameGraphView::renderImage(QSize size) const {
    if (size.isEmpty()) size = this->size();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    painter.setFont(font());
    FlameRenderer renderer; // its own text cache: this may run beside a widget paint
    FlamePaintState s = paintState(size.width(), size.height());
    s.hasHover = false;
    s.hasFocus = false;
    renderer.paint(painter, QRect(QPoint(0, 0), size), s);
    paintOverlay(painter, QRect(QPoint(0, 0), size));
    return image;
}

bool FlameGraphView::savePng(const QString& path, QSize size) const {
    return renderImage(size).save(path, "PNG");
}

} // namespace spyglass
