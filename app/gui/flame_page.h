#pragma once
// The flame graph tab: the FlameGraphView bound to the document (profile, filter, selection),
// with its orientation, layout and search controls and the color legend.
#include <QWidget>

#include "core/model/frame.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace spyglass {
class FlameGraphView;
}

namespace spyglass::ui {
class ProfileDocument;
}

namespace spyglass::gui {

class FlamePage : public QWidget {
    Q_OBJECT
public:
    explicit FlamePage(ui::ProfileDocument* document, QWidget* parent = nullptr);

    FlameGraphView* view() const { return view_; }
    QLineEdit* searchEdit() const { return search_; }
    QComboBox* layoutBox() const { return layoutKind_; }
    QToolButton* orientationButton() const { return orientation_; }

    void setIcicle(bool icicle);
    bool isIcicle() const;
    void setTimeOrder(bool timeOrder);
    bool isTimeOrder() const;

signals:
    void sandwichRequested(spyglass::FunctionId function);

private:
    void onSearchEdited();

    ui::ProfileDocument* document_;
    FlameGraphView* view_;
    QToolButton* orientation_;
    QComboBox* layoutKind_;
    QLineEdit* search_;
    QCheckBox* regex_;
    QLabel* matches_;
    bool syncing_ = false;
};

} // namespace spyglass::gui
