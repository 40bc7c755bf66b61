#pragma once
// Who calls a function and whom it calls, summed over every stack it is on (hotspot's
// caller/callee view). Plain C++ over a snapshot, run off the GUI thread.
#include <cstdint>
#include <vector>

#include "core/model/profile.h"
#include "core/query/sample_filter.h"

namespace spyglass::ui {

struct FunctionRow {
    FunctionId function = 0;
    int64_t self = 0;  // weight of stacks ending here (for an edge: ending in the edge's callee)
    int64_t total = 0; // weight of stacks through here, once per sample
};

struct CallerCallee {
    FunctionId function = 0;
    int64_t self = 0;
    int64_t total = 0;
    int64_t totalWeight = 0;      // of all samples the filter keeps
    std::vector<FunctionRow> callers; // total: weight through caller -> function
    std::vector<FunctionRow> callees; // total: weight through function -> callee
};

CallerCallee computeCallerCallee(const ProfileSnapshot& snap, const SampleFilter& filter,
                                 size_t metric, FunctionId function);

} // namespace spyglass::ui
