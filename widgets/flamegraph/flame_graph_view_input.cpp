// FlameGraphView: mouse, wheel, keyboard, context menu and clipboard.
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QVariantAnimation>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_model.h"

namespace spyglass {

namespace {
constexpr int kDragThresholdPx = 4;
}

void FlameGraphView::clampScroll() {
    const double content = model_ ? double(model_->layout->rowCount()) * rowHeight_ : 0;
    scrollPx_ = std::clamp(scrollPx_, 0.0, std::max(0.0, content - height()));
}

void FlameGraphView::ensureVisible(FlameNode node) {
    if (!model_ || !node.valid()) return;
    const FlameLayout& layout = *model_->layout;
    // Vertically: bring the row in with some context rows towards the root.
    const double top = double(node.depth) * rowHeight_;
    if (top < scrollPx_ || top + rowHeight_ > scrollPx_ + height()) {
        scrollPx_ = top - std::max(0.0, height() / 3.0);
        clampScroll();
        update();
    }
    // Horizontally: zoom to show the frame if it is off screen or folded away.
    const double x0 = double(layout.start(node)), x1 = double(layout.end(node));
    const double scale = current_.x1 > current_.x0 ? width() / (current_.x1 - current_.x0) : 0;
    if (x0 >= current_.x0 && x1 <= current_.x1 && (x1 - x0) * scale >= foldPx_ * 2) return;
    FlameNode target = layout.parent(node).valid() ? layout.parent(node) : node;
    if (double(layout.width(node)) / double(std::max<int64_t>(1, layout.width(target))) * width() <
        foldPx_ * 4)
        target = node;
    zoomToNode(target);
}

void FlameGraphView::resizeEvent(QResizeEvent*) { clampScroll(); }

bool FlameGraphView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipTextAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void FlameGraphView::mousePressEvent(QMouseEvent* event) {
    switch (event->button()) {
    case Qt::BackButton: goBack(); return;
    case Qt::ForwardButton: goForward(); return;
    case Qt::LeftButton:
        pressPos_ = event->position().toPoint();
        pressX0_ = viewX0_;
        pressX1_ = viewX1_;
        pressScroll_ = scrollPx_;
        dragging_ = false;
        return;
    default: QWidget::mousePressEvent(event);
    }
}

void FlameGraphView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (event->buttons() & Qt::LeftButton && model_) {
        if (!dragging_ && (pos - pressPos_).manhattanLength() >= kDragThresholdPx) dragging_ = true;
        if (dragging_) {
            // Pan: the range moves with the mouse, within the profile.
            const double span = pressX1_ - pressX0_;
            const double total = double(model_->layout->totalWeight());
            double x0 = pressX0_ - (pos.x() - pressPos_.x()) * span / std::max(1, width());
            x0 = std::clamp(x0, 0.0, std::max(0.0, total - span));
            animation_->stop();
            current_ = ZoomState{x0, x0 + span, {}, {}};
            viewX0_ = current_.x0;
            viewX1_ = current_.x1;
            // Vertical drag scrolls the rows, the way the picture moves under the mouse.
            const int dy = pos.y() - pressPos_.y();
            scrollPx_ = pressScroll_ + (orientation_ == Orientation::Flame ? dy : -dy);
            clampScroll();
            update();
            return;
        }
    }
    hoverPos_ = pos;
    update();
}

void FlameGraphView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (dragging_) {
        dragging_ = false;
        emit zoomChanged();
        return;
    }
    const auto block = blockAt(event->position().toPoint());
    if (!block) return;
    if (block->folded()) {
        zoomToRange(double(block->start), double(block->start + block->span));
        return;
    }
    selectNode(block->node());
    zoomToNode(block->node());
}

void FlameGraphView::wheelEvent(QWheelEvent* event) {
    if (!model_) return;
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        // Zoom around the cursor; no history entry per wheel step.
        const double factor = std::pow(0.998, delta.y());
        const double px = event->position().x() / std::max(1, width());
        const double at = viewX0_ + (viewX1_ - viewX0_) * px;
        const double total = double(model_->layout->totalWeight());
        const double span = std::clamp((viewX1_ - viewX0_) * factor, 1e-6 * total, total);
        double x0 = std::clamp(at - span * px, 0.0, total - span);
        animation_->stop();
        current_ = ZoomState{x0, x0 + span, {}, {}};
        viewX0_ = current_.x0;
        viewX1_ = current_.x1;
        update();
        emit zoomChanged();
        event->accept();
        return;
    }
    const double rows = -delta.y() / 120.0 * 3 * rowHeight_;
    scrollPx_ += orientation_ == Orientation::Flame ? -rows : rows;
    if (delta.x() != 0) {
        const double span = viewX1_ - viewX0_;
        const double total = double(model_->layout->totalWeight());
        const double x0 = std::clamp(viewX0_ - delta.x() / 120.0 * span / 10, 0.0, total - span);
        current_ = ZoomState{x0, x0 + span, {}, {}};
        viewX0_ = current_.x0;
        viewX1_ = current_.x1;
    }
    clampScroll();
    update();
    event->accept();
}

void FlameGraphView::moveSelection(int key) {
    const FlameLayout& layout = *model_->layout;
    if (!selected_.valid()) {
        selectNode(current_.root.valid() ? current_.root : layout.root());
        return;
    }
    const bool flame = orientation_ == Orientation::Flame;
    FlameNode next;
    if (key == (flame ? Qt::Key_Down : Qt::Key_Up)) next = layout.parent(selected_);
    else if (key == (flame ? Qt::Key_Up : Qt::Key_Down)) next = layout.heaviestChild(selected_);
    else if (key == Qt::Key_Left) next = layout.sibling(selected_, -1);
    else if (key == Qt::Key_Right) next = layout.sibling(selected_, +1);
    if (!next.valid()) return;
    selectNode(next);
    ensureVisible(next);
}

void FlameGraphView::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    const auto mods = event->modifiers();
    if (mods & Qt::AltModifier && key == Qt::Key_Left) return goBack();
    if (mods & Qt::AltModifier && key == Qt::Key_Right) return goForward();
    if (event->matches(QKeySequence::Copy)) return copySelectedName();
    if (!model_) return QWidget::keyPressEvent(event);
    switch (key) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Left:
    case Qt::Key_Right: moveSelection(key); return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (selected_.valid()) zoomToNode(selected_);
        return;
    case Qt::Key_Backspace: goBack(); return;
    case Qt::Key_Escape:
        if (isZoomed()) resetZoom();
        else selectNode({});
        return;
    case Qt::Key_Home: selectNode(model_->layout->root()); return;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); return;
    case Qt::Key_Minus: zoomOut(); return;
    default: QWidget::keyPressEvent(event);
    }
}

void FlameGraphView::leaveEvent(QEvent*) {
    hoverPos_.reset();
    update();
}

void FlameGraphView::focusInEvent(QFocusEvent*) { update(); }
void FlameGraphView::focusOutEvent(QFocusEvent*) { update(); }

QMenu* FlameGraphView::createContextMenu(QPoint pos, QWidget* parent) {
    auto* menu = new QMenu(parent);
    const auto block = blockAt(pos);
    if (block && !block->folded()) {
        const FlameNode node = block->node();
        selectNode(node);
        menu->addAction(tr("Zoom to Frame"), this, [this, node] { zoomToNode(node); });
        menu->addAction(tr("Copy Function Name"), this, &FlameGraphView::copySelectedName);
        menu->addAction(tr("Copy Stack"), this, &FlameGraphView::copySelectedStack);
        if (const auto f = selectedFunction()) {
            menu->addSeparator();
            const FunctionId fn = *f;
            menu->addAction(tr("Focus on Function"), this, [this, fn] { emit focusRequested(fn); });
            menu->addAction(tr("Exclude Function"), this, [this, fn] { emit excludeRequested(fn); });
            menu->addAction(tr("Show Callers and Callees"), this,
                            [this, fn] { emit sandwichRequested(fn); });
        }
        menu->addSeparator();
    } else if (block) {
        const FlameBlock b = *block;
        menu->addAction(tr("Zoom to Folded Frames"), this, [this, b] {
            zoomToRange(double(b.start), double(b.start + b.span));
        });
        menu->addSeparator();
    }
    menu->addAction(tr("Back"), this, &FlameGraphView::goBack)->setEnabled(canGoBack());
    menu->addAction(tr("Forward"), this, &FlameGraphView::goForward)->setEnabled(canGoForward());
    menu->addAction(tr("Reset Zoom"), this, &FlameGraphView::resetZoom)->setEnabled(isZoomed());
    return menu;
}

void FlameGraphView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu* menu = createContextMenu(event->pos(), this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void FlameGraphView::copySelectedName() {
    if (selected_.valid()) QApplication::clipboard()->setText(frameName(selected_));
}

void FlameGraphView::copySelectedStack() {
    if (selected_.valid()) QApplication::clipboard()->setText(stackText(selected_));
}

} // namespace spyglass
