#include "widgets/filter/function_selection.h"

namespace spyglass::ui {

void FunctionSelection::select(FunctionId function, std::vector<FunctionId> stack) {
    stack_ = std::move(stack);
    if (function == function_) return;
    function_ = function;
    emit changed(function);
}

void FunctionSelection::activate(FunctionId function, std::vector<FunctionId> stack) {
    select(function, std::move(stack));
    if (function != kNone) emit activated(function);
}

} // namespace spyglass::ui
