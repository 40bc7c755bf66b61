#include "core/sampling/sampling_session.h"

#include "core/process/process_list.h"
#include "core/sampling/sample_schedule.h"
#include "core/sampling/thread_states.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

namespace spyglass {

namespace {

int64_t clockNs(clockid_t clock) {
    timespec ts;
    clock_gettime(clock, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void sleepUntilMonotonic(int64_t ns) {
    timespec ts{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
    // EINTR (a signal for the stop flag) just ends the nap early; the loop looks again.
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
}

std::string formatMs(int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", double(ns) / 1e6);
    return buf;
}

// The longest nap between two looks at the stop flag: stop() answers within this.
constexpr int64_t kMaxNapNs = 10'000'000;
// Above this rate the mean gap between samples is no longer than a nap plus the wake-up after
// it (several µs each here): gaps up to kSpinNs are waited out on the clock instead.
constexpr double kSpinAboveHz = 20'000;
constexpr int64_t kSpinNs = 30'000;
// How often the loop publishes its counters to stats().
constexpr int64_t kPublishEveryNs = 10'000'000;

} // namespace

SamplingSession::SamplingSession(std::unique_ptr<StackReader> reader, SamplerOptions options,
                                 std::shared_ptr<Profile> profile)
    : reader_(std::move(reader)), options_(std::move(options)),
      profile_(profile ? std::move(profile) : std::make_shared<Profile>()) {
    if (!(options_.rateHz > 0)) options_.rateHz = 100;
}

SamplingSession::~SamplingSession() {
    stop();
}

Result<void> SamplingSession::start() {
    if (started_) return makeError("this recording was started already");
    started_ = true;
    running_.store(true, std::memory_order_release);
    thread_ = std::thread([this] { loop(); });
    return {};
}

void SamplingSession::stop() {
    stopRequested_.store(true, std::memory_order_release);
    if (thread_.joinable()) thread_.join();
}

bool SamplingSession::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return finishedChanged_.wait_for(lock, timeout, [this] { return finished_ || !started_; });
}

SamplerStats SamplingSession::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void SamplingSession::fillMetadata(int64_t startUnixNs, int64_t durationNs) {
    ProfileMetadata meta = profile_->metadata();
    meta.pid = reader_->pid();
    if (meta.commandLine.empty()) meta.commandLine = process::processCommandLine(reader_->pid());
    meta.pythonVersion = reader_->pythonVersion();
    meta.samplingRateHz = options_.rateHz;
    meta.startTimeUnixNs = startUnixNs;
    meta.durationNs = durationNs;
    meta.toolVersion = std::string("spyglass ") + SPYGLASS_VERSION;
    profile_->setMetadata(std::move(meta));
}

void SamplingSession::warnOnce(const std::string& message) {
    if (options_.onWarning) options_.onWarning(message);
}

void SamplingSession::loop() {
    // Wake-ups to the microsecond: the default 50 µs timer slack would delay every sample at
    // 10 kHz by half an interval.
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    pthread_setname_np(pthread_self(), "spyglass-sample");
    // SCHED_BATCH: a waking sampler does not preempt the thread running on its CPU. On a busy
    // machine that is often the target itself, which would otherwise lose its CPU (and its
    // caches) up to `rate` times a second; the sampler waits for a free CPU instead.
    sched_param batch{};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);

    Sampler sampler(*reader_, *profile_, options_);
    SampleSchedule schedule(options_.rateHz, ScheduleJitter::Exponential, options_.seed);
    const bool spinShortGaps = options_.rateHz > kSpinAboveHz;
    const int64_t skipLagNs =
        std::max<int64_t>(20'000'000, int64_t(20 * schedule.meanIntervalNs()));
    const int64_t start = clockNs(CLOCK_MONOTONIC);
    const int64_t startUnix = clockNs(CLOCK_REALTIME);
    fillMetadata(startUnix, 0);

    SamplerStats local;
    bool warnedError = false;
    int64_t lastPublish = start;
    auto publish = [&] {
        std::lock_guard lock(mutex_);
        stats_ = local;
    };
    // Ticks requested and missed, and the largest lag, within the current second.
    struct Window {
        int64_t beginNs = 0;
        uint64_t requested = 0, missed = 0;
        int64_t maxLagNs = 0;
    } window;
    // The schedule's time 0: after the first sample, which fills the reader's caches.
    int64_t origin = -1;

    auto handle = [&](const Result<size_t>& sampled) {
        local.retried = sampler.tornRetried();
        if (sampled) {
            ++local.taken;
            local.threadSamples += *sampled;
            local.stateReads = sampler.stateReads();
            return true;
        }
        if (sampled.error().kind == ErrorKind::Torn) {
            if (local.torn++ % 64 == 0) local.lastTornReason = sampled.error().message;
            return true;
        }
        const char state = processState(reader_->pid());
        if (sampled.error().kind == ErrorKind::NotFound || state == 0 || state == 'Z' ||
            state == 'X') {
            local.targetExited = true;
            return false;
        }
        ++local.errors;
        local.lastError = sampled.error().message;
        if (sampled.error().kind == ErrorKind::Permission) return false; // will not get better
        if (!warnedError) {
            warnedError = true;
            warnOnce("could not read a sample (" + local.lastError + "); going on");
        }
        return true;
    };

    // Said once, about a whole second; or at the end about the last part of one, so that a short
    // recording (-d 1) that could not keep up says so too.
    auto warnIfBehind = [&](const Window& w, int64_t endNs) {
        if (local.fellBehind || w.missed * 10 <= w.requested) return;
        local.fellBehind = true;
        const double seconds = double(endNs - w.beginNs) / 1e9;
        char span[32] = "second";
        if (seconds < 0.95) std::snprintf(span, sizeof span, "%.1f s", seconds);
        char text[320];
        std::snprintf(text, sizeof text,
                      "sampling cannot keep up with %g Hz: it fell up to %s behind and missed "
                      "%.0f%% of the samples of the last %s (a sample takes %.1f µs on average); "
                      "going on at the rate it can. A lower rate (-r) keeps up.",
                      options_.rateHz, formatMs(w.maxLagNs).c_str(),
                      100.0 * double(w.missed) / double(w.requested), span,
                      local.taken > 1 ? double(local.busyNs) / double(local.taken - 1) / 1e3 : 0.0);
        warnOnce(text);
    };

    while (!stopRequested_.load(std::memory_order_acquire)) {
        const int64_t now = clockNs(CLOCK_MONOTONIC) - start;
        if (options_.durationNs > 0 && now >= options_.durationNs) break;
        if (origin < 0) {
            ++local.requested;
            const Result<size_t> first = sampler.sampleOnce(now);
            origin = clockNs(CLOCK_MONOTONIC) - start;
            local.firstSampleNs = origin - now;
            window.beginNs = origin;
            if (!handle(first)) break;
            schedule.advance();
            continue;
        }
        const int64_t due = origin + schedule.deadlineNs();
        if (now < due) {
            if (spinShortGaps && due - now <= kSpinNs) {
                while (clockNs(CLOCK_MONOTONIC) - start < due &&
                       !stopRequested_.load(std::memory_order_relaxed)) {
                }
                continue;
            }
            int64_t wake = std::min(due, now + kMaxNapNs);
            if (options_.durationNs > 0) wake = std::min(wake, options_.durationNs);
            sleepUntilMonotonic(start + wake);
            continue;
        }
        const int64_t lag = now - due;
        ++local.requested;
        ++window.requested;
        local.maxLagNs = std::max(local.maxLagNs, lag);
        window.maxLagNs = std::max(window.maxLagNs, lag);
        if (lag > skipLagNs) {
            const uint64_t skipped = schedule.skipTo(now - origin);
            local.missed += skipped;
            local.requested += skipped;
            window.missed += skipped;
            window.requested += skipped;
        }

        const int64_t before = clockNs(CLOCK_MONOTONIC);
        const Result<size_t> sampled = sampler.sampleOnce(now);
        const int64_t after = clockNs(CLOCK_MONOTONIC);
        local.busyNs += after - before;
        if (!handle(sampled)) break;
        schedule.advance();

        if (after - start - window.beginNs >= 1'000'000'000) {
            warnIfBehind(window, after - start);
            window = Window{after - start};
        }
        if (after - lastPublish >= kPublishEveryNs) {
            lastPublish = after;
            publish();
        }
    }
    if (const int64_t end = clockNs(CLOCK_MONOTONIC) - start; end - window.beginNs >= 200'000'000)
        warnIfBehind(window, end);
    fillMetadata(startUnix, clockNs(CLOCK_MONOTONIC) - start);
    publish();
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    running_.store(false, std::memory_order_release);
    finishedChanged_.notify_all();
}

} // namespace spyglass
