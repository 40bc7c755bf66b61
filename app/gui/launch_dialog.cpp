#include "app/gui/launch_dialog.h"

#include "app/gui/pause_target_box.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace spyglass::gui {

namespace {

// Words as a POSIX shell splits them: blanks separate, '…' is literal, "…" and a backslash escape
// (QProcess::splitCommand knows double quotes only). No expansions: nothing here runs a shell.
QStringList shellWords(const QString& text) {
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quote == QLatin1Char('\'')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('\\') && i + 1 < text.size() &&
                   (quote.isNull() || QStringLiteral("\"\\$`").contains(text[i + 1]))) {
            word += text[++i];
            inWord = true;
        } else if (quote == QLatin1Char('"')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord) words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words << word;
    return words;
}

} // namespace

LaunchDialog::LaunchDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("launchDialog"));
    setWindowTitle(tr("Launch Script"));
    const QSettings s;
    interpreter_ = new QLineEdit(
        s.value(QStringLiteral("launch/interpreter"), QStringLiteral("python3")).toString(), this);
    interpreter_->setToolTip(tr("The Python interpreter: a name on the PATH or a path"));
    script_ = new QLineEdit(s.value(QStringLiteral("launch/script")).toString(), this);
    script_->setPlaceholderText(tr("The script to run"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &LaunchDialog::browse);
    auto* scriptRow = new QHBoxLayout;
    scriptRow->addWidget(script_, 1);
    scriptRow->addWidget(browse);
    arguments_ = new QLineEdit(s.value(QStringLiteral("launch/arguments")).toString(), this);
    arguments_->setPlaceholderText(tr("Arguments of the script, as in a shell"));
    rate_ = new QSpinBox(this);
    rate_->setRange(1, 10000);
    rate_->setSuffix(tr(" Hz"));
    rate_->setValue(s.value(QStringLiteral("launch/rate"), 100).toInt());
    rate_->setToolTip(tr("Samples a second"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Interpreter:"), interpreter_);
    auto* scriptLabel = new QLabel(tr("&Script:"), this);
    scriptLabel->setBuddy(script_); // the row is a layout: QFormLayout gives it no buddy
    form->addRow(scriptLabel, scriptRow);
    form->addRow(tr("&Arguments:"), arguments_);
    form->addRow(tr("&Rate:"), rate_);
    pause_ = newPauseTargetBox(this, QStringLiteral("launch/pause"));
    form->addRow(QString(), pause_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Record"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons_);
    connect(interpreter_, &QLineEdit::textChanged, this, &LaunchDialog::updateOk);
    connect(script_, &QLineEdit::textChanged, this, &LaunchDialog::updateOk);
    updateOk();
    resize(560, sizeHint().height());
}

QStringList LaunchDialog::commandLine() const {
    QStringList argv{interpreter_->text().trimmed(), script_->text().trimmed()};
    argv << shellWords(arguments_->text());
    return argv;
}

double LaunchDialog::rateHz() const {
    return rate_->value();
}

bool LaunchDialog::pauseTarget() const {
    return pause_->isChecked();
}

void LaunchDialog::accept() {
    QSettings s;
    s.setValue(QStringLiteral("launch/interpreter"), interpreter_->text().trimmed());
    s.setValue(QStringLiteral("launch/script"), script_->text().trimmed());
    s.setValue(QStringLiteral("launch/arguments"), arguments_->text());
    s.setValue(QStringLiteral("launch/rate"), rate_->value());
    savePauseTargetBox(pause_, QStringLiteral("launch/pause"));
    QDialog::accept();
}

void LaunchDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Python Script"),
                                                      QFileInfo(script_->text()).absolutePath(),
                                                      tr("Python scripts (*.py);;All files (*)"));
    if (!path.isEmpty()) script_->setText(path);
}

void LaunchDialog::updateOk() {
    buttons_->button(QDialogButtonBox::Ok)
        ->setEnabled(!interpreter_->text().trimmed().isEmpty() &&
                     !script_->text().trimmed().isEmpty());
}

} // namespace spyglass::gui
