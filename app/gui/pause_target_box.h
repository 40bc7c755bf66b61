#pragma once
// "Pause the target for each sample", in the launch and attach dialogs: the command line's
// --blocking. A program whose stacks change faster than they can be copied from outside (short
// calls of several shapes) tears many reads, and the reads kept lean towards the stacks that
// change least; paused, every read is exact, at the cost of stopping the target for each sample.
class QCheckBox;
class QString;
class QWidget;

namespace spyglass::gui {

// A check box, labelled and explained, checked as last saved under `settingsKey`.
QCheckBox* newPauseTargetBox(QWidget* parent, const QString& settingsKey);
void savePauseTargetBox(const QCheckBox* box, const QString& settingsKey);

} // namespace spyglass::gui
