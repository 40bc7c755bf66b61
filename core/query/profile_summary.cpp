#include "core/query/profile_summary.h"

#include <algorithm>

namespace spyglass {

ProfileSummary summarizeProfile(const ProfileSnapshot& snap) {
    const Profile& p = *snap.profile;
    ProfileSummary s;
    s.samples = snap.samples;
    s.samplesPerThread.assign(snap.threads, 0);
    if (snap.samples) s.firstTimeNs = s.lastTimeNs = p.sampleTime(0);
    for (size_t i = 0; i < snap.samples; ++i) {
        s.totalWeight += p.sampleWeight(i, 0);
        const int64_t t = p.sampleTime(i);
        s.firstTimeNs = std::min(s.firstTimeNs, t);
        s.lastTimeNs = std::max(s.lastTimeNs, t);
        if (p.sampleFlags(i) & kSampleIdle) ++s.idleSamples;
        const ThreadIndex th = p.sampleThread(i);
        if (th < s.samplesPerThread.size()) ++s.samplesPerThread[th];
    }
    const int64_t meta = p.metadata().durationNs;
    s.durationNs = meta > 0 ? meta : s.lastTimeNs - s.firstTimeNs;
    return s;
}

} // namespace spyglass
