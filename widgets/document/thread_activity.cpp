#include "widgets/document/thread_activity.h"

#include <algorithm>
#include <climits>

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
    bool timeIsIndex = first == 0;
    for (size_t i = 1; i < snap.samples; ++i) {
        const int64_t t = p.sampleTime(i);
        first = std::min(first, t);
        last = std::max(last, t);
        timeIsIndex = timeIsIndex && t == static_cast<int64_t>(i);
    }
    // Readers of formats without a clock number the samples 0, 1, 2, ... instead.
    a.timestamped = !(timeIsIndex && snap.samples > 1);
    a.begin = first;
    a.end = last + 1;
    const auto span = static_cast<double>(a.end - a.begin);
    // Gaps between a thread's consecutive samples, for its typical sampling interval.
    std::vector<int64_t> lastTime(a.threads.size(), INT64_MIN);
    std::vector<std::vector<int64_t>> gaps(a.threads.size());
    for (size_t i = 0; i < snap.samples; ++i) {
        const ThreadIndex t = p.sampleThread(i);
        if (t < a.threads.size()) {
            const int64_t time = p.sampleTime(i);
            if (lastTime[t] != INT64_MIN && time > lastTime[t]) gaps[t].push_back(time - lastTime[t]);
            lastTime[t] = time;
        }
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
    for (size_t t = 0; t < a.threads.size(); ++t) {
        if (gaps[t].empty()) continue;
        auto middle = gaps[t].begin() + gaps[t].size() / 2;
        std::nth_element(gaps[t].begin(), middle, gaps[t].end());
        a.threads[t].interval = *middle;
        if (a.merged.interval == 0 || *middle < a.merged.interval) a.merged.interval = *middle;
    }
    return a;
}

} // namespace spyglass::ui
