#pragma once
// The first step of every query: fold the snapshot's samples, filtered by time, thread and idle,
// into one weight per distinct stack; then walk each weighted stack once, with the filter's
// stack transforms (focus, exclusions, "my code only") applied.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/model/profile.h"
#include "core/query/sample_filter.h"

namespace spyglass {

// A frame after the stack transforms: either a real frame or one folded package.
struct PathFrame {
    FrameId frame = 0;         // valid when foldedPackage == 0
    FunctionId function = 0;   // valid when foldedPackage == 0
    StringId foldedPackage = 0; // non-zero: a run of library frames folded into this package
};

// Weight of each stack id (index) in the snapshot, after sample-level filters.
std::vector<int64_t> weightPerStack(const ProfileSnapshot& snap, const SampleFilter& filter,
                                    size_t metric);

// Calls visit(rootToLeaf, weight) for each stack with non-zero weight that passes the filter.
void forEachWeightedPath(const ProfileSnapshot& snap, const SampleFilter& filter, size_t metric,
                         const std::function<void(std::span<const PathFrame>, int64_t)>& visit);

// The same, also naming the stack each path comes from: the time-order flamegraph maps every
// sample to its transformed path through it.
void forEachWeightedStack(
    const ProfileSnapshot& snap, const SampleFilter& filter, size_t metric,
    const std::function<void(StackId, std::span<const PathFrame>, int64_t)>& visit);

} // namespace spyglass
