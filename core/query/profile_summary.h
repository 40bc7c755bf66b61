#pragma once
// The numbers a status bar or `spyglass info` shows about a whole snapshot.
#include <cstdint>
#include <vector>

#include "core/model/profile.h"

namespace spyglass {

struct ProfileSummary {
    size_t samples = 0;
    int64_t totalWeight = 0; // of metric 0
    int64_t firstTimeNs = 0;
    int64_t lastTimeNs = 0;
    int64_t durationNs = 0; // the metadata's when set, else last - first
    size_t idleSamples = 0;
    std::vector<size_t> samplesPerThread;
};

ProfileSummary summarizeProfile(const ProfileSnapshot& snap);

} // namespace spyglass
