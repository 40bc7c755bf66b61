#pragma once
// The active filters as removable chips, newest last, with "clear all"; an empty stack shows a
// hint on how to add one.
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QToolButton;

namespace spyglass::ui {

class FilterStack;

class FilterChipsBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterChipsBar(FilterStack* filters, QWidget* parent = nullptr);

    // The chip buttons, in stack order (for tests and keyboard focus).
    QList<QToolButton*> chips() const { return chips_; }
    // Extra text shown after the chips, e.g. the share of samples the filters keep.
    void setSummary(const QString& text);

private:
    void rebuild();

    FilterStack* filters_;
    QHBoxLayout* chipLayout_;
    QLabel* hint_;
    QLabel* summary_;
    QToolButton* clearAll_;
    QList<QToolButton*> chips_;
};

} // namespace spyglass::ui
