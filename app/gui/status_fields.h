#pragma once
// The status bar's facts about the open profile: file, samples, duration, threads, rate, Python.
#include <QObject>

class QLabel;
class QStatusBar;

namespace spyglass::ui {
class ProfileDocument;
}

namespace spyglass::gui {

class StatusFields : public QObject {
    Q_OBJECT
public:
    StatusFields(QStatusBar* bar, ui::ProfileDocument* document);
    // All fields as one line, for tests and the accessibility tree.
    QString text() const;

private:
    void refresh();

    ui::ProfileDocument* document_;
    QLabel* file_;
    QLabel* samples_;
    QLabel* duration_;
    QLabel* threads_;
    QLabel* rate_;
    QLabel* python_;
};

} // namespace spyglass::gui
