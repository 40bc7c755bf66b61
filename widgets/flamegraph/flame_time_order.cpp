// The time-order layout: samples along x in recording order, a frame merged with its left
// neighbour while the stack prefix up to it stays the same (speedscope's "Time Order").
#include <algorithm>

#include "core/query/weighted_stacks.h"
#include "widgets/flamegraph/flame_label_table.h"
#include "widgets/flamegraph/flame_layout_builder.h"

namespace spyglass {

namespace {

constexpr uint32_t kDropped = UINT32_MAX;

// Sample-level part of the filter, as weightPerStack applies it.
class SamplePredicate {
public:
    SamplePredicate(const ProfileSnapshot& snap, const SampleFilter& filter)
        : profile_(*snap.profile), filter_(filter), timed_(filter.hasTimeRange()) {
        if (!filter.threads.empty()) {
            threadOk_.assign(snap.threads, 0);
            for (ThreadIndex t : filter.threads)
                if (t < threadOk_.size()) threadOk_[t] = 1;
        }
    }
    bool operator()(size_t i) const {
        if (!threadOk_.empty()) {
            const ThreadIndex t = profile_.sampleThread(i);
            if (t >= threadOk_.size() || !threadOk_[t]) return false;
        }
        if (timed_) {
            const int64_t t = profile_.sampleTime(i);
            if (t < filter_.timeBegin || t >= filter_.timeEnd) return false;
        }
        return filter_.includeIdle || !(profile_.sampleFlags(i) & kSampleIdle);
    }

private:
    const Profile& profile_;
    const SampleFilter& filter_;
    bool timed_;
    std::vector<uint8_t> threadOk_;
};

// Sample indices grouped by thread (thread index order), recording order within a thread.
std::vector<uint32_t> samplesByThread(const ProfileSnapshot& snap) {
    const Profile& p = *snap.profile;
    std::vector<uint32_t> offset(snap.threads + 2, 0);
    for (size_t i = 0; i < snap.samples; ++i)
        ++offset[std::min<size_t>(p.sampleThread(i), snap.threads) + 1];
    for (size_t t = 0; t + 1 < offset.size(); ++t) offset[t + 1] += offset[t];
    std::vector<uint32_t> order(snap.samples);
    for (size_t i = 0; i < snap.samples; ++i)
        order[offset[std::min<size_t>(p.sampleThread(i), snap.threads)]++] = static_cast<uint32_t>(i);
    return order;
}

// Walks the samples twice: first counting the frames of each row, then writing them into rows
// reserved to the exact size (the layout of a big profile is the largest thing we keep, so no
// growth slack and no shrinking copies).
class TimeOrderWriter {
public:
    explicit TimeOrderWriter(std::vector<FlameLayout::Row>& rows) : rows_(rows) { rows_.clear(); }

    // Switches from counting to writing.
    void startWriting() {
        rows_.resize(counts_.size() + 1);
        rows_[0].start.push_back(0);
        rows_[0].label.push_back(0);
        for (size_t d = 0; d < counts_.size(); ++d) {
            rows_[d + 1].start.reserve(counts_[d]);
            rows_[d + 1].prefix.reserve(counts_[d] + 1);
            rows_[d + 1].label.reserve(counts_[d]);
        }
        writing_ = true;
        open_.clear();
        cursor_ = 0;
    }

    void sample(std::span<const uint32_t> path, int64_t weight) {
        size_t common = 0;
        while (common < path.size() && common < open_.size() && open_[common] == path[common])
            ++common;
        closeDeeperThan(common);
        for (size_t i = common; i < path.size(); ++i) {
            if (writing_) {
                FlameLayout::Row& row = rows_[i + 1];
                row.start.push_back(cursor_);
                row.label.push_back(path[i]);
            } else {
                if (counts_.size() <= i) counts_.push_back(0);
                ++counts_[i];
            }
            open_.push_back(path[i]);
        }
        cursor_ += weight;
    }

    // A thread boundary: nothing merges across it.
    void breakRun() { closeDeeperThan(0); }

    void finish() {
        closeDeeperThan(0);
        if (!writing_) startWriting();
        rows_[0].prefix.push_back(cursor_);
    }

private:
    void closeDeeperThan(size_t keep) {
        while (open_.size() > keep) {
            if (writing_) {
                FlameLayout::Row& row = rows_[open_.size()];
                row.prefix.push_back(row.prefix.back() + (cursor_ - row.start.back()));
            }
            open_.pop_back();
        }
    }

    std::vector<FlameLayout::Row>& rows_;
    std::vector<size_t> counts_; // frames per row, depth 1 first
    bool writing_ = false;
    std::vector<uint32_t> open_; // labels of the open frames, depth 1 first
    int64_t cursor_ = 0;
};

} // namespace

std::shared_ptr<FlameLayout> buildTimeOrderLayout(const ProfileSnapshot& snap,
                                                  const SampleFilter& filter,
                                                  const FlameLayoutOptions& options) {
    auto layout = std::make_shared<FlameLayout>(FlameLayoutKind::TimeOrder);
    FlameLabel all;
    all.isAll = true;
    FlameLabelTable labels(snap, options.byLine, all);
    TimeOrderWriter writer(layout->mutableRows());
    if (!snap.profile) {
        writer.finish();
        return layout;
    }
    const Profile& p = *snap.profile;

    // Each stack's transformed path once; samples then only look it up.
    std::vector<uint32_t> pathBegin(snap.stacks, kDropped), pathLength(snap.stacks, 0);
    std::vector<uint32_t> pathLabels;
    forEachWeightedStack(snap, filter, options.metric,
                         [&](StackId s, std::span<const PathFrame> frames, int64_t) {
                             pathBegin[s] = static_cast<uint32_t>(pathLabels.size());
                             pathLength[s] = static_cast<uint32_t>(frames.size());
                             for (const PathFrame& f : frames) pathLabels.push_back(labels.labelOf(f));
                         });

    const SamplePredicate keep(snap, filter);
    auto visit = [&](size_t i) {
        const StackId s = p.sampleStack(i);
        if (s >= snap.stacks || pathBegin[s] == kDropped || !keep(i)) return;
        const int64_t w = p.sampleWeight(i, options.metric);
        if (w <= 0) return;
        writer.sample({pathLabels.data() + pathBegin[s], pathLength[s]}, w);
    };
    const std::vector<uint32_t> order =
        snap.threads > 1 ? samplesByThread(snap) : std::vector<uint32_t>{};
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) {
            writer.breakRun();
            writer.startWriting();
        }
        if (order.empty()) {
            for (size_t i = 0; i < snap.samples; ++i) visit(i);
            continue;
        }
        ThreadIndex previous = UINT32_MAX;
        for (uint32_t i : order) {
            if (p.sampleThread(i) != previous) writer.breakRun();
            previous = p.sampleThread(i);
            visit(i);
        }
    }
    writer.finish();
    layout->indexRows();
    layout->mutableLabels() = labels.take();
    return layout;
}

} // namespace spyglass
