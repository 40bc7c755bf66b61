// Live recording in the window: the Record menu and toolbar, the launch and attach dialogs, the
// status bar while recording, and how a recording ends.
#include "app/gui/attach_dialog.h"
#include "app/gui/demo_target.h"
#include "app/gui/launch_dialog.h"
#include "app/gui/main_window.h"
#include "app/gui/main_window_actions.h"
#include "app/gui/recording_controller.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/profile_loader.h"

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QStatusBar>
#include <QToolBar>

namespace spyglass::gui {

void MainWindow::buildRecording(QMenu* menu) {
    MainWindowActions& a = *actions_;
    a.launch = menu->addAction(QIcon::fromTheme(QStringLiteral("media-record")),
                               tr("&Launch Script…"), this, &MainWindow::launchWithDialog);
    a.launch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    a.launch->setToolTip(tr("Run a Python script and record it live"));
    a.attach = menu->addAction(QIcon::fromTheme(QStringLiteral("call-start")),
                               tr("&Attach to Process…"), this, &MainWindow::attachWithDialog);
    a.attach->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    a.attach->setToolTip(tr("Record a running Python process live, without changing it"));
    menu->addSeparator();
    a.stopRecording = menu->addAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")),
                                      tr("&Stop Recording"), this, &MainWindow::stopRecording);
    a.stopRecording->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    a.stopRecording->setToolTip(tr("End the recording; every sample stays in the window"));

    recordBar_ = addToolBar(tr("Record"));
    recordBar_->setObjectName(QStringLiteral("recordToolBar"));
    recordBar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    recordBar_->addAction(a.launch);
    recordBar_->addAction(a.attach);
    recordBar_->addAction(a.stopRecording);

    recordingLabel_ = new QLabel(statusBar());
    recordingLabel_->setObjectName(QStringLiteral("recordingLabel"));
    // Left of the profile facts; the index counts the one ordinary widget (the load progress).
    statusBar()->insertPermanentWidget(1, recordingLabel_);

    connect(recorder_, &RecordingController::stateChanged, this, &MainWindow::updateRecordingState);
    connect(recorder_, &RecordingController::progress, this, &MainWindow::updateRecordingLabel);
    connect(recorder_, &RecordingController::started, this, [this](const QString& description) {
        statusBar()->showMessage(tr("Recording %1").arg(description), 5000);
    });
    connect(recorder_, &RecordingController::failed, this, [this](const QString& message) {
        statusBar()->clearMessage();
        showError(tr("Spyglass cannot record %1.").arg(recorder_->targetDescription()), message);
    });
    connect(recorder_, &RecordingController::finished, this, &MainWindow::onRecordingFinished);
    updateRecordingState();
}

bool MainWindow::startRecording(const RecordingRequest& request) {
    if (recorder_->isActive()) return false;
    loader_->cancel();
    if (!recorder_->start(request)) return false;
    statusBar()->showMessage(request.pid > 0
                                 ? tr("Attaching to process %1…").arg(request.pid)
                                 : tr("Starting %1…").arg(recorder_->targetDescription()));
    // The view a new user looks at first; it fills as the samples come.
    showPage(FlameGraphPage);
    return true;
}

bool MainWindow::recordDemo() {
    QString error;
    const QString script = demoScriptPath(&error);
    if (script.isEmpty()) {
        showError(tr("Spyglass cannot start the demo."), error);
        return false;
    }
    RecordingRequest request;
    request.argv = demoCommand(script);
    request.rateHz = kDemoRateHz;
    return startRecording(request);
}

void MainWindow::launchWithDialog() {
    if (recorder_->isActive()) return;
    LaunchDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    RecordingRequest request;
    request.argv = dialog.commandLine();
    request.rateHz = dialog.rateHz();
    request.pauseTarget = dialog.pauseTarget();
    startRecording(request);
}

void MainWindow::attachWithDialog() {
    if (recorder_->isActive()) return;
    AttachDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted || dialog.pid() <= 0) return;
    RecordingRequest request;
    request.pid = dialog.pid();
    request.rateHz = dialog.rateHz();
    request.pauseTarget = dialog.pauseTarget();
    startRecording(request);
}

void MainWindow::stopRecording() {
    recorder_->stop();
}

void MainWindow::updateRecordingState() {
    const MainWindowActions& a = *actions_;
    if (!a.launch) return;
    const bool active = recorder_->isActive();
    a.launch->setEnabled(!active);
    a.attach->setEnabled(!active);
    a.stopRecording->setEnabled(active);
    if (!active && statusBar()->currentMessage().startsWith(
                       tr("Starting %1…").arg(recorder_->targetDescription())))
        statusBar()->clearMessage();
    updateRecordingLabel();
    updateTitle();
}

void MainWindow::updateRecordingLabel() {
    switch (recorder_->state()) {
    case RecordingController::State::Idle:
        recordingLabel_->clear();
        break;
    case RecordingController::State::Starting:
        recordingLabel_->setText(tr("● Starting…"));
        break;
    case RecordingController::State::Recording: {
        const QLocale locale;
        const SamplerStats stats = recorder_->stats();
        QString text = tr("● Recording %1 s, %2 samples")
                           .arg(locale.toString(recorder_->elapsedSeconds(), 'f', 1))
                           .arg(locale.toString(qulonglong(stats.threadSamples)));
        // Reads dropped because the stacks moved under them: a count that grows says the
        // shares may lean towards callers (see the message at the end).
        if (stats.torn > 0) text += tr(", %1 torn").arg(locale.toString(qulonglong(stats.torn)));
        recordingLabel_->setText(text);
        break;
    }
    }
    recordingLabel_->setStyleSheet(
        recorder_->isActive() ? QStringLiteral("color: #c0392b; font-weight: bold") : QString());
}

void MainWindow::onRecordingFinished(bool targetExited, const QString& exitDescription,
                                     qulonglong samples) {
    const QLocale locale;
    const SamplerStats stats = recorder_->stats();
    QString kept = tr("%1 samples kept").arg(locale.toString(samples));
    // Short enough for the status bar beside its fields.
    if (stats.torn > 0)
        kept = tr("%1, torn reads: %2").arg(kept, locale.toString(qulonglong(stats.torn)));
    QString message;
    if (!targetExited)
        message = tr("Recording stopped after %1 s; %2.")
                      .arg(locale.toString(recorder_->elapsedSeconds(), 'f', 1), kept);
    else if (exitDescription.isEmpty())
        message = tr("The target exited; recording ended, %1.").arg(kept);
    else
        message = tr("The target exited (%1); recording ended, %2.").arg(exitDescription, kept);
    // As `spyglass record` warns.
    if (!recorder_->pausesTarget() && stats.manyReadsTorn())
        message +=
            QLatin1Char(' ') + tr("Many tore: for exact stacks, record with “Pause the target”.");
    // Stays until the next message: it is the answer to "why did it stop?".
    statusBar()->showMessage(message);
    if (samples == 0 && !stats.lastError.empty())
        showError(tr("No samples were recorded from %1.").arg(recorder_->targetDescription()),
                  QString::fromStdString(stats.lastError));
}

} // namespace spyglass::gui
