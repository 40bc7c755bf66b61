#pragma once
// Paints the timeline: one histogram lane per thread (busy samples strong, idle ones dim), the time
// axis, the active time filter and the range being dragged. Cost follows the pixels, not the
// number of samples: the activity is binned beforehand.
#include <QRect>
#include <QString>
#include <optional>
#include <vector>

#include "widgets/document/thread_activity.h"

class QPainter;
class QPalette;

namespace spyglass::ui {

struct TimelineLane {
    const ActivityTrack* track = nullptr;
    QString label;
    bool chosen = true; // kept by the thread filter
};

struct TimelineLayout {
    static constexpr int kLabelWidth = 160;
    static constexpr int kRowHeight = 22;
    static constexpr int kAxisHeight = 22;

    QRect bounds;         // the whole widget
    int64_t begin = 0;    // time at the left edge of the lanes
    int64_t end = 1;      // time at the right edge
    int rows = 0;

    QRect laneArea() const { return {bounds.left() + kLabelWidth, bounds.top(), bounds.width() - kLabelWidth, rows * kRowHeight}; }
    QRect axisArea() const { return {laneArea().left(), laneArea().bottom() + 1, laneArea().width(), kAxisHeight}; }
    QRect labelRect(int row) const { return {bounds.left(), bounds.top() + row * kRowHeight, kLabelWidth, kRowHeight}; }
    QRect laneRect(int row) const { return {laneArea().left(), bounds.top() + row * kRowHeight, laneArea().width(), kRowHeight}; }
    double xForTime(int64_t t) const;
    int64_t timeForX(double x) const;
};

struct TimelineMarks {
    std::optional<std::pair<int64_t, int64_t>> filterRange; // the active time filter
    std::optional<std::pair<double, double>> dragPixels;     // the range being dragged, in x
    int hoverRow = -1;
};

void paintTimeline(QPainter& painter, const QPalette& palette, const TimelineLayout& layout,
                   const ThreadActivity& activity, const std::vector<TimelineLane>& lanes,
                   const TimelineMarks& marks);

// Tick spacing of 1, 2 or 5 times a power of ten, giving ticks at least minPixels apart.
int64_t niceTickStep(int64_t span, int width, int minPixels = 90);

} // namespace spyglass::ui
