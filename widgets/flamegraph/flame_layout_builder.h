#pragma once
// Builds flamegraph layouts from a profile snapshot and the shared SampleFilter. Plain C++ (no
// Qt), safe to run on a worker thread while the profile keeps growing: it reads the snapshot only.
#include <cstddef>
#include <memory>

#include "core/model/profile.h"
#include "core/query/call_tree.h"
#include "core/query/sample_filter.h"
#include "widgets/flamegraph/flame_layout.h"

namespace spyglass {

struct FlameLayoutOptions {
    FlameLayoutKind kind = FlameLayoutKind::LeftHeavy;
    size_t metric = 0;
    bool byLine = false; // one frame per (function, line) instead of per function
};

// The main flamegraph: row 0 is "all samples", then the filtered stacks, root frame first.
// Time order lays the samples out one after another in recording order, thread after thread
// (by thread index), merging a frame with its left neighbour when the stack prefix is the same.
std::shared_ptr<FlameLayout> buildFlameLayout(const ProfileSnapshot& snap,
                                              const SampleFilter& filter,
                                              const FlameLayoutOptions& options = {});

// The same left-heavy layout from a top-down call tree of `snap` built elsewhere (by function,
// or by line when `byLine`): the GUI's document and its flamegraph share one tree per filter.
std::shared_ptr<FlameLayout> buildFlameLayout(const CallTree& tree, const ProfileSnapshot& snap,
                                              bool byLine);

// The halves of a sandwich view, both merged and rooted at `function` (row 0). Callees: what the
// function calls. Callers: who calls it, inverted (row 1 holds its direct callers). Like
// speedscope, only the outermost call of a recursive function counts, so nothing counts twice.
std::shared_ptr<FlameLayout> buildCalleesLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options = {});
std::shared_ptr<FlameLayout> buildCallersLayout(const ProfileSnapshot& snap,
                                                const SampleFilter& filter, FunctionId function,
                                                const FlameLayoutOptions& options = {});

} // namespace spyglass
