#pragma once
// Per-function own and total weight read off a top-down call tree, so the document needs no second
// pass over the samples. A function's total counts each sample once: only its outermost node on
// each path adds to it, as computeFunctionStats counts a recursive function once per sample.
#include "core/query/call_tree.h"
#include "core/query/function_stats.h"

namespace spyglass::ui {

FunctionStats functionStatsFromTree(const Profile& profile, const CallTree& topDown, size_t functionCount);

} // namespace spyglass::ui
