#pragma once
// The text "copy name" and "copy stack" put on the clipboard.
#include <QString>
#include <vector>

#include "core/model/profile.h"

namespace spyglass::ui {

// One frame a line, outermost call first like a Python traceback: "name (file)".
QString stackText(const Profile& p, const std::vector<FunctionId>& stack);
void copyToClipboard(const QString& text);

} // namespace spyglass::ui
