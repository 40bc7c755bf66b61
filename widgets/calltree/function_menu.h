#pragma once
// What every view offers on a function: focus, exclude it or its package, copy, show source.
#include <vector>

#include "core/model/frame.h"

class QMenu;

namespace spyglass::ui {

class ProfileDocument;

// `stack` is the call stack of the clicked node, outermost first (may be empty).
void addFunctionActions(QMenu* menu, ProfileDocument* document, FunctionId function,
                        const std::vector<FunctionId>& stack);

} // namespace spyglass::ui
