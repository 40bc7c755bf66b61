#include "core/sampling/sample_schedule.h"

#include <algorithm>
#include <cmath>

namespace spyglass {

SampleSchedule::SampleSchedule(double rateHz, ScheduleJitter jitter, uint64_t seed)
    : rateHz_(rateHz > 0 ? rateHz : 100.0), meanIntervalNs_(1e9 / rateHz_), jitter_(jitter),
      rng_(seed ? seed : std::random_device{}()), exponential_(1.0 / meanIntervalNs_) {}

void SampleSchedule::advance() {
    deadlineNs_ += jitter_ == ScheduleJitter::Exponential ? exponential_(rng_) : meanIntervalNs_;
}

uint64_t SampleSchedule::skipTo(int64_t nowNs) {
    const double gap = std::max(0.0, double(nowNs) - deadlineNs_);
    deadlineNs_ = std::max(deadlineNs_, double(nowNs));
    return static_cast<uint64_t>(std::floor(gap / meanIntervalNs_));
}

} // namespace spyglass
