#include "widgets/timeline/timeline_view.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QMenu>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"

namespace spyglass::ui {

namespace {
constexpr int kMinDragPixels = 4; // less is a click
}

TimelineView::TimelineView(ProfileDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Timeline"));
    connect(document_, &ProfileDocument::overviewReady, this, &TimelineView::onOverview);
    connect(document_, &ProfileDocument::profileChanged, this, &TimelineView::onOverview);
    connect(document_->filters(), &FilterStack::changed, this, qOverload<>(&QWidget::update));
}

void TimelineView::onOverview() {
    overview_ = document_->overview();
    updateGeometry();
    update();
}

void TimelineView::setMergedThreads(bool merged) {
    if (merged == merged_) return;
    merged_ = merged;
    updateGeometry();
    update();
    emit mergedThreadsChanged(merged);
}

int TimelineView::rowCount() const {
    if (!overview_) return 0;
    return merged_ ? 1 : static_cast<int>(overview_->activity.threads.size());
}

ThreadIndex TimelineView::threadOfRow(int row) const { return static_cast<ThreadIndex>(row); }

TimelineLayout TimelineView::currentLayout() const {
    TimelineLayout l;
    l.bounds = rect();
    l.rows = rowCount();
    if (overview_ && overview_->activity.hasTime()) {
        l.begin = overview_->activity.begin;
        l.end = overview_->activity.end;
    }
    return l;
}

QSize TimelineView::sizeHint() const {
    return {800, std::max(1, rowCount()) * TimelineLayout::kRowHeight + TimelineLayout::kAxisHeight};
}

QSize TimelineView::minimumSizeHint() const {
    return {TimelineLayout::kLabelWidth + 100, TimelineLayout::kRowHeight + TimelineLayout::kAxisHeight};
}

std::vector<TimelineLane> TimelineView::lanes() const {
    std::vector<TimelineLane> out;
    if (!overview_) return out;
    const ThreadActivity& a = overview_->activity;
    if (merged_) {
        out.push_back({&a.merged, tr("All threads (%1)").arg(a.threads.size()), true});
        return out;
    }
    const std::vector<ThreadIndex> chosen = document_->filters()->threads();
    for (const ActivityTrack& t : a.threads) {
        const bool kept = chosen.empty() || std::find(chosen.begin(), chosen.end(), t.thread) != chosen.end();
        out.push_back({&t, threadLabel(*overview_->profile, t.thread), kept});
    }
    return out;
}

int TimelineView::rowAt(int y) const {
    const int row = y / TimelineLayout::kRowHeight;
    return y >= 0 && row < rowCount() ? row : -1;
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (!overview_ || !overview_->activity.hasTime()) {
        p.fillRect(rect(), palette().color(QPalette::Base));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   overview_ ? tr("This profile has no timestamps: there is no timeline to show.")
                             : tr("Open a profile to see when each thread ran."));
        return;
    }
    TimelineMarks marks;
    if (auto range = document_->filters()->timeRange()) marks.filterRange = std::make_pair(range->begin, range->end);
    marks.dragPixels = drag_;
    marks.hoverRow = hoverRow_;
    paintTimeline(p, palette(), currentLayout(), overview_->activity, lanes(), marks);
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !overview_ || !overview_->activity.hasTime()) return;
    const TimelineLayout l = currentLayout();
    const QPointF pos = event->position();
    if (pos.x() >= l.laneArea().left()) {
        drag_ = std::make_pair(pos.x(), pos.x());
    } else if (const int row = rowAt(int(pos.y())); row >= 0 && !merged_) {
        chooseThread(row, event->modifiers() & Qt::ControlModifier);
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
    const int row = rowAt(int(event->position().y()));
    if (row != hoverRow_) {
        hoverRow_ = row;
        update();
    }
    if (!drag_) return;
    const QRect lanes = currentLayout().laneArea();
    drag_->second = std::clamp(event->position().x(), double(lanes.left()), double(lanes.right() + 1));
    update();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !drag_) return;
    const auto [a, b] = *drag_;
    drag_.reset();
    update();
    if (std::abs(b - a) < kMinDragPixels) return;
    const TimelineLayout l = currentLayout();
    document_->filters()->pushTimeRange(l.timeForX(std::min(a, b)), l.timeForX(std::max(a, b)));
}

void TimelineView::leaveEvent(QEvent*) {
    hoverRow_ = -1;
    update();
}

void TimelineView::chooseThread(int row, bool toggle) {
    const Profile& p = *overview_->profile;
    std::vector<ThreadIndex> chosen = toggle ? document_->filters()->threads() : std::vector<ThreadIndex>{};
    const ThreadIndex t = threadOfRow(row);
    if (toggle) {
        if (chosen.empty()) // all threads are shown: ctrl+click hides this one
            for (ThreadIndex i = 0; i < overview_->activity.threads.size(); ++i) chosen.push_back(i);
        const auto it = std::find(chosen.begin(), chosen.end(), t);
        if (it != chosen.end()) chosen.erase(it);
        else chosen.push_back(t);
        if (chosen.empty()) return;
    } else {
        chosen = {t};
    }
    QStringList names;
    for (ThreadIndex i : chosen) names << threadLabel(p, i);
    document_->filters()->pushThreads(chosen, names.size() > 3 ? tr("%1 threads").arg(names.size()) : names.join(QStringLiteral(", ")));
}

void TimelineView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    const int row = rowAt(event->pos().y());
    if (overview_ && row >= 0 && !merged_) {
        const QString name = threadLabel(*overview_->profile, threadOfRow(row));
        menu.addAction(tr("Show Only %1").arg(name), this, [this, row] { chooseThread(row, false); });
        menu.addAction(tr("Show or Hide %1").arg(name), this, [this, row] { chooseThread(row, true); });
    }
    menu.addAction(tr("Show All Threads"), this,
                   [this] { document_->filters()->removeKind(FilterEntry::Kind::Threads); });
    menu.addAction(tr("Whole Time Range"), this,
                   [this] { document_->filters()->removeKind(FilterEntry::Kind::TimeRange); });
    menu.addSeparator();
    QAction* merge = menu.addAction(tr("Merge Threads"), this, [this](bool on) { setMergedThreads(on); });
    merge->setCheckable(true);
    merge->setChecked(merged_);
    menu.exec(event->globalPos());
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
    // The keyboard's way to the same filters: M merges, A shows all threads, T the whole time.
    switch (event->key()) {
    case Qt::Key_M: setMergedThreads(!merged_); return;
    case Qt::Key_A: document_->filters()->removeKind(FilterEntry::Kind::Threads); return;
    case Qt::Key_T: document_->filters()->removeKind(FilterEntry::Kind::TimeRange); return;
    default: QWidget::keyPressEvent(event);
    }
}

bool TimelineView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip && overview_ && overview_->activity.hasTime()) {
        auto* help = static_cast<QHelpEvent*>(event);
        const TimelineLayout l = currentLayout();
        const int row = rowAt(help->pos().y());
        if (row < 0 || help->pos().x() < l.laneArea().left()) {
            QToolTip::hideText();
            return true;
        }
        const ThreadActivity& a = overview_->activity;
        const int64_t t = l.timeForX(help->pos().x());
        const int bin = std::clamp(static_cast<int>(double(t - a.begin) / double(a.end - a.begin) * a.bins), 0, a.bins - 1);
        const ActivityTrack& track = merged_ ? a.merged : a.threads[row];
        QToolTip::showText(help->globalPos(),
                           tr("%1 at %2\n%3 busy, %4 idle samples around here")
                               .arg(merged_ ? tr("All threads") : threadLabel(*overview_->profile, track.thread),
                                    formatDuration(t))
                               .arg(track.busy[bin])
                               .arg(track.idle[bin]),
                           this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace spyglass::ui
