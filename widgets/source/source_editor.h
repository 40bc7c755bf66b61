#pragma once
// A read-only code view with a heat gutter: line number, samples and percent per line, the sample
// cells and the code line tinted by how hot the line is.
#include <QPlainTextEdit>
#include <cstdint>
#include <vector>

#include "core/model/profile.h"

namespace spyglass::ui {

struct LineHeat {
    int64_t self = 0;
    int64_t total = 0;
};

class SourceEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit SourceEditor(QWidget* parent = nullptr);

    // heat[line] for 1-based lines; percentages are of totalWeight; colors scale to the hottest.
    void setHeat(std::vector<LineHeat> heat, int64_t totalWeight, MetricUnit unit);
    const std::vector<LineHeat>& heat() const { return heat_; }
    void goToLine(int line); // 1-based; centers it
    int gutterWidth() const;
    int samplesWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    friend class SourceGutter;
    void paintGutter(QPaintEvent* event);
    QString gutterToolTip(int y) const;
    void updateLineTints();
    LineHeat heatAt(int line) const;

    QWidget* gutter_;
    std::vector<LineHeat> heat_;
    int64_t totalWeight_ = 0;
    int64_t hottest_ = 0;
    MetricUnit unit_ = MetricUnit::Samples;
    int highlighted_ = 0;
    bool centerOnShow_ = false;
    mutable int samplesWidth_ = -1; // cached; -1: measure again
};

} // namespace spyglass::ui
