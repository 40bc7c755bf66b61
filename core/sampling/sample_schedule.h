#pragma once
// When to take the next sample. Deadlines are absolute offsets from the start, so time lost to a
// slow sample or a late wake-up is made up by the following intervals and the mean rate stays
// exact (no drift). Intervals are drawn from an exponential distribution around 1/rate, as py-spy
// does: a Poisson process cannot lock onto the period of a loop in the target (no aliasing).
#include <cstdint>
#include <random>

namespace spyglass {

enum class ScheduleJitter : uint8_t {
    Exponential, // the default: Poisson sampling
    None,        // strictly periodic, for measurements that want a fixed cadence
};

class SampleSchedule {
  public:
    // `seed` 0 picks a random seed.
    SampleSchedule(double rateHz, ScheduleJitter jitter = ScheduleJitter::Exponential,
                   uint64_t seed = 0);

    double rateHz() const { return rateHz_; }
    double meanIntervalNs() const { return meanIntervalNs_; }

    // The current deadline, in nanoseconds since the start (the first one is 0).
    int64_t deadlineNs() const { return static_cast<int64_t>(deadlineNs_); }
    // Moves the deadline on by one interval.
    void advance();
    // After falling far behind: forgets the ticks whose time has passed and schedules the next one
    // from `nowNs`. Returns how many ticks were skipped (the expected count over the gap).
    uint64_t skipTo(int64_t nowNs);

  private:
    double rateHz_;
    double meanIntervalNs_;
    ScheduleJitter jitter_;
    double deadlineNs_ = 0;
    std::mt19937_64 rng_;
    std::exponential_distribution<double> exponential_;
};

} // namespace spyglass
