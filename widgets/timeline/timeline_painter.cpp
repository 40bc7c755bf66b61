#include "widgets/timeline/timeline_painter.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <algorithm>
#include <cmath>

#include "widgets/common/formatting.h"

namespace spyglass::ui {

double TimelineLayout::xForTime(int64_t t) const {
    const QRect lanes = laneArea();
    return lanes.left() + double(t - begin) / double(std::max<int64_t>(1, end - begin)) * lanes.width();
}

int64_t TimelineLayout::timeForX(double x) const {
    const QRect lanes = laneArea();
    const double share = std::clamp((x - lanes.left()) / std::max(1, lanes.width()), 0.0, 1.0);
    return begin + static_cast<int64_t>(std::llround(share * double(end - begin)));
}

int64_t niceTickStep(int64_t span, int width, int minPixels) {
    if (span <= 0 || width <= 0) return 1;
    const double raw = double(span) * minPixels / width;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) return std::max<int64_t>(1, static_cast<int64_t>(m * magnitude));
    return static_cast<int64_t>(10 * magnitude);
}

namespace {

void paintLane(QPainter& p, const QPalette& palette, const TimelineLayout& layout, const ThreadActivity& a,
               const TimelineLane& lane, const QRect& rect) {
    const ActivityTrack& track = *lane.track;
    const int width = rect.width();
    if (width <= 0 || a.bins <= 0) return;
    // Sum the bins under each pixel column, then scale lanes to their own busiest column.
    std::vector<uint32_t> busy(width, 0), idle(width, 0);
    for (int b = 0; b < a.bins; ++b) {
        if (!track.busy[b] && !track.idle[b]) continue;
        const int x = std::min(width - 1, static_cast<int>(int64_t(b) * width / a.bins));
        busy[x] += track.busy[b];
        idle[x] += track.idle[b];
    }
    // A sample stands for its sampling interval: zoomed in, it covers several pixels, so a
    // thread that ran all along reads as a solid bar, not a comb of one-pixel lines.
    const double spanNs = double(std::max<int64_t>(1, a.end - a.begin));
    const int spread = std::clamp(int(std::ceil(double(track.interval) / spanNs * width)), 1, width);
    if (spread > 1) {
        std::vector<uint32_t> wideBusy(width, 0), wideIdle(width, 0);
        uint32_t carryBusy = 0, carryIdle = 0;
        int left = 0;
        for (int x = 0; x < width; ++x) { // one pass: each sampled column carries forward
            if (busy[x] || idle[x]) {
                carryBusy = busy[x];
                carryIdle = idle[x];
                left = spread;
            }
            if (left > 0) {
                wideBusy[x] = carryBusy;
                wideIdle[x] = carryIdle;
                --left;
            }
        }
        busy.swap(wideBusy);
        idle.swap(wideIdle);
    }
    // Full height is as many samples as the thread's interval fits in a column: a thread sampled
    // all along is a solid bar, whatever the zoom; without an interval, the busiest column.
    double full = 1;
    if (track.interval > 0) {
        full = std::max(1.0, std::floor(spanNs / width / double(track.interval)));
    } else {
        for (int x = 0; x < width; ++x) full = std::max(full, double(busy[x] + idle[x]));
    }
    QColor busyColor = palette.color(QPalette::Highlight);
    QColor idleColor = palette.color(QPalette::Mid);
    if (!lane.chosen) {
        busyColor.setAlpha(70);
        idleColor.setAlpha(50);
    }
    const int usable = rect.height() - 4;
    for (int x = 0; x < width; ++x) {
        if (!busy[x] && !idle[x]) continue;
        const double b = std::min(1.0, busy[x] / full), i = std::min(1.0 - b, idle[x] / full);
        const int hb = std::max(busy[x] ? 2 : 0, int(std::lround(b * usable)));
        const int hi = std::max(idle[x] ? 1 : 0, int(std::lround(i * usable)));
        const int bottom = rect.bottom() - 1;
        if (hb) p.fillRect(rect.left() + x, bottom - hb + 1, 1, hb, busyColor);
        if (hi) p.fillRect(rect.left() + x, bottom - hb - hi + 1, 1, hi, idleColor);
    }
}

// "200 ms", "1.5 s": the step decides the unit and how many decimals the ticks need.
QString tickLabel(int64_t t, int64_t step) {
    struct Unit {
        int64_t ns;
        const char* text;
    };
    static const Unit units[] = {{1'000'000'000, QT_TRANSLATE_NOOP("Format", "%1 s")},
                                 {1'000'000, QT_TRANSLATE_NOOP("Format", "%1 ms")},
                                 {1'000, QT_TRANSLATE_NOOP("Format", "%1 µs")},
                                 {1, QT_TRANSLATE_NOOP("Format", "%1 ns")}};
    for (const Unit& u : units) {
        if (step < u.ns && u.ns != 1) continue;
        int decimals = 0;
        for (int64_t scale = u.ns; decimals < 3 && scale > 1 && step % scale != 0; scale /= 10) ++decimals;
        return QCoreApplication::translate("Format", u.text).arg(QLocale().toString(double(t) / u.ns, 'f', decimals));
    }
    return QString::number(t);
}

void paintAxis(QPainter& p, const QPalette& palette, const TimelineLayout& layout) {
    const QRect axis = layout.axisArea();
    p.setPen(palette.color(QPalette::WindowText));
    p.drawLine(axis.left(), axis.top(), axis.right(), axis.top());
    const int64_t step = niceTickStep(layout.end - layout.begin, axis.width());
    const int64_t first = (layout.begin + step - 1) / step * step;
    const QFontMetrics fm(p.font());
    for (int64_t t = first; t <= layout.end; t += step) {
        const int x = static_cast<int>(std::lround(layout.xForTime(t)));
        p.drawLine(x, axis.top(), x, axis.top() + 4);
        const QString text = tickLabel(t, step);
        const int w = fm.horizontalAdvance(text);
        const int left = std::clamp(x - w / 2, axis.left(), axis.right() - w);
        p.drawText(QRect(left, axis.top() + 5, w + 2, axis.height() - 5), Qt::AlignLeft | Qt::AlignTop, text);
    }
}

} // namespace

void paintTimeline(QPainter& p, const QPalette& palette, const TimelineLayout& layout,
                   const ThreadActivity& activity, const std::vector<TimelineLane>& lanes,
                   const TimelineMarks& marks) {
    p.fillRect(layout.bounds, palette.color(QPalette::Base));
    const QFontMetrics fm(p.font());
    for (int row = 0; row < static_cast<int>(lanes.size()); ++row) {
        const QRect label = layout.labelRect(row);
        const QRect lane = layout.laneRect(row);
        if (row % 2) p.fillRect(lane.united(label), palette.color(QPalette::AlternateBase));
        if (row == marks.hoverRow) {
            QColor hover = palette.color(QPalette::Highlight);
            hover.setAlpha(30);
            p.fillRect(label, hover);
        }
        paintLane(p, palette, layout, activity, lanes[row], lane);
        p.setPen(palette.color(lanes[row].chosen ? QPalette::Text : QPalette::PlaceholderText));
        p.drawText(label.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(lanes[row].label, Qt::ElideMiddle, label.width() - 12));
    }
    p.setPen(palette.color(QPalette::Mid));
    p.drawLine(layout.laneArea().left() - 1, layout.bounds.top(), layout.laneArea().left() - 1,
               layout.laneArea().bottom());
    paintAxis(p, palette, layout);

    const QRect lanesRect = layout.laneArea();
    if (marks.filterRange) {
        // Dim what the filter leaves out, so the kept range stands out.
        const int x0 = static_cast<int>(layout.xForTime(marks.filterRange->first));
        const int x1 = static_cast<int>(std::ceil(layout.xForTime(marks.filterRange->second)));
        const QColor shade(0, 0, 0, 70);
        if (x0 > lanesRect.left()) p.fillRect(QRect(QPoint(lanesRect.left(), lanesRect.top()), QPoint(x0 - 1, lanesRect.bottom())), shade);
        if (x1 < lanesRect.right()) p.fillRect(QRect(QPoint(x1 + 1, lanesRect.top()), lanesRect.bottomRight()), shade);
        p.setPen(QPen(palette.color(QPalette::Highlight), 1));
        p.drawLine(x0, lanesRect.top(), x0, lanesRect.bottom());
        p.drawLine(x1, lanesRect.top(), x1, lanesRect.bottom());
    }
    if (marks.dragPixels) {
        const double a = std::min(marks.dragPixels->first, marks.dragPixels->second);
        const double b = std::max(marks.dragPixels->first, marks.dragPixels->second);
        QColor fill = palette.color(QPalette::Highlight);
        fill.setAlpha(60);
        const QRectF band(a, lanesRect.top(), std::max(1.0, b - a), lanesRect.height());
        p.fillRect(band, fill);
        p.setPen(palette.color(QPalette::Highlight));
        p.drawRect(band);
        const QString span = formatDuration(layout.timeForX(b) - layout.timeForX(a));
        p.setPen(palette.color(QPalette::Text));
        p.drawText(band.adjusted(3, 1, 0, 0), Qt::AlignLeft | Qt::AlignTop, span);
    }
}

} // namespace spyglass::ui
