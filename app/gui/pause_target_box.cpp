#include "app/gui/pause_target_box.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QSettings>

namespace spyglass::gui {

QCheckBox* newPauseTargetBox(QWidget* parent, const QString& settingsKey) {
    auto* box = new QCheckBox(
        QCoreApplication::translate("PauseTargetBox",
                                    "&Pause the target for each sample (exact stacks)"),
        parent);
    box->setObjectName(QStringLiteral("pauseTarget"));
    box->setToolTip(QCoreApplication::translate(
        "PauseTargetBox",
        "Stops the program's Python threads for the few microseconds of each sample (ptrace), so "
        "every stack is read exactly. The pause lands when a thread next enters or leaves the "
        "kernel, so code that makes system calls every few microseconds shows more than its "
        "share. Without it the program is never stopped; a program of short calls then tears "
        "many reads, the shares may lean towards callers and longer calls, and a few stacks may "
        "show a function under another call's line."));
    box->setChecked(QSettings().value(settingsKey, false).toBool());
    return box;
}

void savePauseTargetBox(const QCheckBox* box, const QString& settingsKey) {
    QSettings().setValue(settingsKey, box->isChecked());
}

} // namespace spyglass::gui
