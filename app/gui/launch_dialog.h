#pragma once
// Record ▸ Launch Script…: the interpreter, the script, its arguments, the sampling rate and
// whether to pause the target for each sample.
// Remembers the last choices.
#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;

namespace spyglass::gui {

class LaunchDialog : public QDialog {
    Q_OBJECT
  public:
    explicit LaunchDialog(QWidget* parent = nullptr);

    QLineEdit* interpreterEdit() const { return interpreter_; }
    QLineEdit* scriptEdit() const { return script_; }
    QLineEdit* argumentsEdit() const { return arguments_; }
    QSpinBox* rateBox() const { return rate_; }
    QCheckBox* pauseBox() const { return pause_; }

    // interpreter, script, then the arguments split as a shell would.
    QStringList commandLine() const;
    double rateHz() const;
    bool pauseTarget() const; // --blocking

    void accept() override; // and remember the choices

  private:
    void browse();
    void updateOk();

    QLineEdit* interpreter_;
    QLineEdit* script_;
    QLineEdit* arguments_;
    QSpinBox* rate_;
    QCheckBox* pause_;
    QDialogButtonBox* buttons_;
};

} // namespace spyglass::gui
