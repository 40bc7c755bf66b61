#pragma once
// One sample of every thread of a target, into a profile: the step the sampling loop repeats.
//
// It reads the stacks through the StackReader seam, marks threads that are off CPU as idle (the
// GIL holder counts as on CPU without asking /proc), names threads the reader could not name
// after their OS names, interns each stack root-first and appends one sample per thread. It holds
// the profile's writer side: use it from one thread.
#include "core/model/profile.h"
#include "core/sampling/ptrace_pauser.h"
#include "core/sampling/stack_reader.h"
#include "core/sampling/thread_states.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace spyglass {

struct SamplerOptions {
    double rateHz = 100;
    int64_t durationNs = 0;  // 0: until stopped or until the target exits
    bool includeIdle = true; // record samples of threads that are off CPU (flagged idle)
    bool gilOnly = false;    // keep only the thread holding the GIL
    bool blocking = false;   // pause the target for each sample (ptrace)
    // Default mode: a torn read is read again at once, up to this many times, before the sample is
    // dropped. In a program of short calls a third of the reads can tear (docs/BENCHMARKS.md).
    int tornRetries = 2;
    LineMode lineMode = LineMode::Line; // -F/--function: LineMode::Function (set on the reader)
    uint64_t seed = 0;                  // for the jittered schedule; 0 = random
    // Called once, from the sampling thread, when sampling falls behind (with the lag).
    std::function<void(const std::string&)> onWarning;
};

// What happened to the samples asked for. requested = taken + torn + errors + missed (+ the one
// in progress).
struct SamplerStats {
    uint64_t requested = 0;     // ticks of the schedule that came due
    uint64_t taken = 0;         // stacks read and recorded
    uint64_t torn = 0;          // dropped: memory changed under the read (default mode)
    uint64_t retried = 0;       // torn reads read again at once (SamplerOptions::tornRetries)
    uint64_t errors = 0;        // failed reads other than torn ones
    uint64_t missed = 0;        // ticks skipped because sampling fell far behind
    int64_t maxLagNs = 0;       // the largest delay of a sample behind its deadline
    int64_t busyNs = 0;         // time spent taking samples, the first one excepted
    int64_t firstSampleNs = 0;  // the first sample, which fills the reader's caches
    uint64_t threadSamples = 0; // samples appended to the profile (one per thread and tick)
    uint64_t stateReads = 0;    // idle checks that read /proc (threads not holding the GIL)
    bool fellBehind = false;    // more than 10 % of the ticks of some second were missed
    bool targetExited = false;
    std::string lastError;
    std::string lastTornReason; // why the last torn sample was dropped

    // A quarter of the reads tore (dropped, or read again): the stacks change faster than they can
    // be copied, and the samples kept may lean towards callers (docs/BENCHMARKS.md, "Fifth
    // round"); pausing the target (--blocking) reads such a program exactly.
    bool manyReadsTorn() const { return (torn + retried) * 4 > requested; }
};

class Sampler {
  public:
    Sampler(StackReader& reader, Profile& profile, const SamplerOptions& options);
    ~Sampler();
    Sampler(const Sampler&) = delete;
    Sampler& operator=(const Sampler&) = delete;

    // Takes one sample stamped `timeNs` (since the start of the recording) and returns how many
    // thread samples were appended. Errors are the reader's (NotFound: target gone; Torn: the
    // sample was dropped) or the pauser's.
    Result<size_t> sampleOnce(int64_t timeNs);
    // How many thread states were read from /proc (the idle check of threads not holding the GIL).
    uint64_t stateReads() const { return stateReads_; }
    // Torn reads that were read again at once.
    uint64_t tornRetried() const { return tornRetried_; }
    // --blocking: threads stopped so far, summed over the samples.
    uint64_t pausedThreads() const { return pausedThreads_; }

  private:
    struct ThreadCache {
        ThreadIndex index = 0;
        std::string readerName;      // the last name the reader gave, to spot renames
        std::vector<FrameId> frames; // the previous stack, root first ...
        std::vector<StackId> nodes;  // ... and the stack node of each of its prefixes
    };
    ThreadCache& threadFor(const ThreadStack& ts);
    // --blocking: reads with the target stopped: every thread, or only the Python threads of the
    // last sample (pythonThreads_).
    Result<void> readPaused(bool onlyPythonThreads);
    // Keeps the kernel ids of this read's Python threads for the next pause (none when one is
    // unknown); false when one of them was not among the last ones kept.
    bool rememberPythonThreads();
    StackId internRootFirst(ThreadCache& cache, const std::vector<FrameId>& innermostFirst);

    StackReader& reader_;
    Profile& profile_;
    SamplerOptions options_;
    ThreadStates states_;
    std::unique_ptr<PtracePauser> pauser_;
    std::vector<ThreadStack> stacks_;
    std::unordered_map<uint64_t, ThreadCache> threads_;
    std::unordered_map<uint64_t, char> pausedStates_;
    std::vector<int> pythonThreads_, nextPythonThreads_;
    uint64_t pausedThreads_ = 0;
    uint64_t samplesSinceSweep_ = 0;
    uint64_t stateReads_ = 0;
    uint64_t tornRetried_ = 0;
};

} // namespace spyglass
