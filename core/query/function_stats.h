#pragma once
// Self and total weight per function, and per (file, line). A function that recurses counts once
// per sample in its total.
#include <cstdint>
#include <vector>

#include "core/model/profile.h"
#include "core/query/sample_filter.h"

namespace spyglass {

struct FunctionStat {
    FunctionId function = 0;
    int64_t self = 0;
    int64_t total = 0;
};

struct FunctionStats {
    std::vector<FunctionStat> functions; // only functions with weight, heaviest total first
    int64_t totalWeight = 0;
};

FunctionStats computeFunctionStats(const ProfileSnapshot& snap, const SampleFilter& filter,
                                   size_t metric = 0);

struct LineStat {
    StringId file = 0;
    uint32_t line = 0;
    int64_t self = 0;  // samples whose innermost frame is on this line
    int64_t total = 0; // samples with this line anywhere on the stack (once per sample)
};

struct LineStats {
    std::vector<LineStat> lines; // sorted by file id, then line
    int64_t totalWeight = 0;
};

// All lines, or only those of `file` when it is non-zero.
LineStats computeLineStats(const ProfileSnapshot& snap, const SampleFilter& filter,
                           size_t metric = 0, StringId file = 0);

} // namespace spyglass
