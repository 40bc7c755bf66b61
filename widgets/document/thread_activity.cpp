#include "widgets/document/thread_activity.h"

#include <algorithm>

namespace spyglass::ui {

ThreadActivity computeThreadActivity(const ProfileSnapshot& snap, int bins) {
    ThreadActivity a;
    const Profile& p = *snap.profile;
    a.bins = std::max(bins, 1);
    a.threads.resize(snap.threads);
    for (size_t t = 0; t < snap.threads; ++t) a.threads[t].thread = static_cast<ThreadIndex>(t);
    auto size = [&](ActivityTrack& track) {
        track.busy.assign(a.bins, 0);
        track.idle.assign(a.bins, 0);
    };
    for (ActivityTrack& t : a.threads) size(t);
    size(a.merged);
    if (snap.samples == 0) return a;

    int64_t first = p.sampleTime(0), last = first;
    for (size_t i = 1; i < snap.samples; ++i) {
        first = std::min(first, p.sampleTime(i));
        last = std::max(last, p.sampleTime(i));
    }
    a.begin = first;
    a.end = last + 1;
    const auto span = static_cast<double>(a.end - a.begin);
    for (size_t i = 0; i < snap.samples; ++i) {
        const ThreadIndex t = p.sampleThread(i);
        const int bin = std::min(a.bins - 1, static_cast<int>((p.sampleTime(i) - a.begin) / span * a.bins));
        const bool idle = p.sampleFlags(i) & kSampleIdle;
        for (ActivityTrack* track : {t < a.threads.size() ? &a.threads[t] : nullptr, &a.merged}) {
            if (!track) continue;
            (idle ? track->idle : track->busy)[bin]++;
            ++track->samples;
        }
    }
    auto peak = [&](ActivityTrack& track) {
        for (int b = 0; b < a.bins; ++b) track.peak = std::max(track.peak, track.busy[b] + track.idle[b]);
    };
    for (ActivityTrack& t : a.threads) peak(t);
    peak(a.merged);
    return a;
}

} // namespace spyglass::ui
