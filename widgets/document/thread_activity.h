#pragma once
// When each thread had samples: a fixed number of time bins per thread, counting busy and idle
// samples, which the timeline scales to its width. Plain C++ over a snapshot, run off the GUI thread.
#include <cstdint>
#include <vector>

#include "core/model/profile.h"

namespace spyglass::ui {

struct ActivityTrack {
    ThreadIndex thread = 0; // unused for the merged track
    std::vector<uint32_t> busy; // samples per bin that were on CPU
    std::vector<uint32_t> idle; // samples per bin flagged idle
    size_t samples = 0;
    uint32_t peak = 0; // the largest busy + idle of one bin
    int64_t interval = 0; // median time between the thread's samples: how long one sample stands for
};

struct ThreadActivity {
    int64_t begin = 0; // time of the first sample
    int64_t end = 0;   // just past the last sample
    int bins = 0;
    std::vector<ActivityTrack> threads; // by thread index
    ActivityTrack merged;
    // False when the times are just the samples' order (collapsed stacks have no clock).
    bool timestamped = true;

    bool hasTime() const { return timestamped && end > begin; }
    int64_t binStart(int bin) const { return begin + (end - begin) * bin / bins; }
};

ThreadActivity computeThreadActivity(const ProfileSnapshot& snap, int bins = 2048);

} // namespace spyglass::ui
