#pragma once
// The timeline strip: a lane per thread (or one merged lane) showing when samples were taken.
// Dragging across it filters every view to that time range; clicking a thread's name keeps only
// that thread (Ctrl+click adds or removes it).
#include <QWidget>
#include <memory>
#include <optional>

#include "widgets/timeline/timeline_painter.h"

namespace spyglass::ui {

class ProfileDocument;
struct ProfileOverview;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(ProfileDocument* document, QWidget* parent = nullptr);

    bool mergedThreads() const { return merged_; }
    void setMergedThreads(bool merged);
    TimelineLayout currentLayout() const;
    int rowCount() const;
    ThreadIndex threadOfRow(int row) const; // not valid in merged mode

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void mergedThreadsChanged(bool merged);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    std::vector<TimelineLane> lanes() const;
    int rowAt(int y) const;
    void chooseThread(int row, bool toggle);
    void onOverview();

    ProfileDocument* document_;
    std::shared_ptr<const ProfileOverview> overview_;
    bool merged_ = false;
    std::optional<std::pair<double, double>> drag_;
    int hoverRow_ = -1;
};

} // namespace spyglass::ui
