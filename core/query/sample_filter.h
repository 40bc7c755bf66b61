#pragma once
// The one filter every query obeys: time range, threads, idle, focus and exclusions. The GUI's
// filter stack turns into one of these; so do the CLI's options.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/model/profile.h"

namespace spyglass {

struct SampleFilter {
    int64_t timeBegin = std::numeric_limits<int64_t>::min(); // inclusive
    int64_t timeEnd = std::numeric_limits<int64_t>::max();   // exclusive
    std::vector<ThreadIndex> threads;         // empty: all threads
    bool includeIdle = true;
    std::vector<FunctionId> focus;            // keep stacks through one of these, rooted there
    std::vector<FunctionId> excluded;         // drop stacks through any of these
    std::vector<StringId> excludedPackages;   // drop stacks through any frame of these packages
    bool myCodeOnly = false;                  // fold stdlib/third-party runs, one frame a package

    bool hasTimeRange() const {
        return timeBegin != std::numeric_limits<int64_t>::min() ||
               timeEnd != std::numeric_limits<int64_t>::max();
    }
    bool hasStackTransform() const {
        return !focus.empty() || !excluded.empty() || !excludedPackages.empty() || myCodeOnly;
    }
    bool operator==(const SampleFilter&) const = default;
};

} // namespace spyglass
