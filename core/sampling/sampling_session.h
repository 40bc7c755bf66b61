#pragma once
// A recording: the sampling loop on its own thread, feeding one profile that any other thread may
// read meanwhile (ProfileSnapshot::of(session.profile())). The GUI and the CLI both drive this.
//
//   SamplingSession session(std::move(reader), options);
//   session.start();
//   ... session.stats(), ProfileSnapshot::of(session.profile()) ...
//   session.stop();   // or wait(): the loop also ends at the duration or when the target exits
//
// The loop keeps absolute deadlines on CLOCK_MONOTONIC (see SampleSchedule). When it falls more
// than max(20 ms, 20 intervals) behind it skips the missed ticks and counts them; when more than
// 10 % of a second's ticks were missed it warns once (SamplerOptions::onWarning) with the lag. The
// first sample fills the reader's caches and may be slow: the schedule starts after it. A target
// that exits ends the recording normally.
#include "core/sampling/sampler.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace spyglass {

class SamplingSession {
  public:
    // `profile` may be given to record into an existing (empty) profile.
    SamplingSession(std::unique_ptr<StackReader> reader, SamplerOptions options,
                    std::shared_ptr<Profile> profile = nullptr);
    ~SamplingSession(); // stops and joins
    SamplingSession(const SamplingSession&) = delete;
    SamplingSession& operator=(const SamplingSession&) = delete;

    // Starts the sampling thread. Fails when already started.
    Result<void> start();
    // Asks the loop to end and waits for it (within about one sample).
    void stop();
    // Waits until the loop has ended (duration over, target gone, stop()) or `timeout` passed;
    // true when it has ended.
    bool wait(std::chrono::milliseconds timeout);
    bool running() const { return running_.load(std::memory_order_acquire); }

    SamplerStats stats() const;
    const Profile& profile() const { return *profile_; }
    std::shared_ptr<Profile> sharedProfile() const { return profile_; }
    const StackReader& reader() const { return *reader_; }

    // A signal handler may set this flag (async-signal-safe) to end the loop.
    std::atomic<bool>& stopFlag() { return stopRequested_; }

  private:
    void loop();
    void fillMetadata(int64_t startUnixNs, int64_t durationNs);
    void warnOnce(const std::string& message);

    std::unique_ptr<StackReader> reader_;
    SamplerOptions options_;
    std::shared_ptr<Profile> profile_;
    std::thread thread_;
    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> running_{false};
    bool started_ = false;

    mutable std::mutex mutex_; // guards stats_ and finished_
    std::condition_variable finishedChanged_;
    bool finished_ = false;
    SamplerStats stats_;
};

} // namespace spyglass
