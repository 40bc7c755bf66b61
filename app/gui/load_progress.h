#pragma once
// The status bar's loading indicator: a progress bar and Cancel, shown only when a load takes
// longer than a moment, so quick loads do not flicker.
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace spyglass::gui {

class LoadProgress : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShowAfterMs = 250;

    explicit LoadProgress(QWidget* parent = nullptr);

    void start(const QString& fileName);
    void setProgress(double share);
    void finish();
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* bar() const { return bar_; }

signals:
    void cancelRequested();

private:
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QTimer delay_;
};

} // namespace spyglass::gui
