#pragma once
// The color key of the flamegraph: one swatch per package category, plus the gray of folded
// frames. Paints itself in one row; embed it under or beside a FlameGraphView.
#include <QWidget>

namespace spyglass {

class FlameLegend : public QWidget {
    Q_OBJECT
public:
    explicit FlameLegend(QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }
    // The entries' texts in order, for tests and accessibility.
    QStringList entries() const;

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace spyglass
