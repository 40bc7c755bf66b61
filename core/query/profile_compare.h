#pragma once
// Combining profiles: merge two into one, and the per-frame difference between two.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model/profile.h"

namespace spyglass {

// A new profile with the samples of both. Metrics are matched by name (a metric only one side has
// is zero for the other); threads by native id; b's samples follow a's in time.
std::unique_ptr<Profile> mergeProfiles(const Profile& a, const Profile& b);

// Appends all of `from`'s samples to `into`, translating every id. Returns the time offset used.
void appendProfile(Profile& into, const Profile& from, int64_t timeOffsetNs);

struct FrameDiff {
    std::string function;
    std::string file;
    uint32_t line = 0; // 0 when compared by function
    int64_t selfA = 0, totalA = 0;
    int64_t selfB = 0, totalB = 0;
    // Shares of each profile's total, in [0, 1]; the difference is what a diff view colors.
    double selfShareDelta = 0;
    double totalShareDelta = 0;
};

// Per frame (function, file, line) or per function when byLine is false; sorted by the largest
// absolute change of total share first. Metric by name ("cpu" when empty).
std::vector<FrameDiff> diffProfiles(const Profile& a, const Profile& b, bool byLine = true,
                                    const std::string& metric = {});

} // namespace spyglass
