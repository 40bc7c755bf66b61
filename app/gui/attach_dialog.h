#pragma once
// Record ▸ Attach to Process…: the Python processes on this machine in a table (refreshed on
// demand, filtered by any column's text), or a pid typed in, the sampling rate and whether to pause
// the target for each sample.
#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace spyglass::gui {

class PythonProcessModel;

class AttachDialog : public QDialog {
    Q_OBJECT
  public:
    explicit AttachDialog(QWidget* parent = nullptr);

    PythonProcessModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLineEdit* pidEdit() const { return pid_; }
    QLineEdit* filterEdit() const { return filter_; }
    QSpinBox* rateBox() const { return rate_; }
    QCheckBox* pauseBox() const { return pause_; }

    // The pid typed or chosen; 0 when none is valid.
    int pid() const;
    double rateHz() const;
    bool pauseTarget() const; // --blocking

  private:
    void onRowChosen();
    void updateOk();

    PythonProcessModel* model_;
    QSortFilterProxyModel* sorted_;
    QTableView* table_;
    QLabel* state_;
    QLineEdit* filter_;
    QLineEdit* pid_;
    QSpinBox* rate_;
    QCheckBox* pause_;
    QDialogButtonBox* buttons_;
};

} // namespace spyglass::gui
