#include "core/sampling/sampler.h"

#include <algorithm>

namespace spyglass {

Sampler::Sampler(StackReader& reader, Profile& profile, const SamplerOptions& options)
    : reader_(reader), profile_(profile), options_(options), states_(reader.pid()) {
    reader_.setLineMode(options_.lineMode);
    if (options_.blocking) pauser_ = std::make_unique<PtracePauser>(reader.pid());
}

Sampler::~Sampler() = default;

Result<size_t> Sampler::sampleOnce(int64_t timeNs) {
    // stacks_ is not cleared: the reader overwrites it, and its frame vectors keep their capacity
    // (no allocation per sample).
    Result<void> read;
    if (pauser_) {
        const bool onlyPython = !pythonThreads_.empty();
        read = readPaused(onlyPython);
        if (read && !rememberPythonThreads() && onlyPython) {
            // A Python thread that the last sample did not know (started since) ran on under
            // the read: read again with every thread stopped.
            read = readPaused(false);
            if (read) rememberPythonThreads();
        }
    } else {
        read = reader_.readStacks(profile_, stacks_);
        // Another read a few µs later is as good a sample of this tick, and dropping it would
        // lose a third of the samples of a program of short calls.
        for (int retry = 0;
             !read && read.error().kind == ErrorKind::Torn && retry < options_.tornRetries;
             ++retry) {
            ++tornRetried_;
            read = reader_.readStacks(profile_, stacks_);
        }
    }
    if (!read) return read.error();

    size_t appended = 0;
    for (ThreadStack& ts : stacks_) {
        if (options_.gilOnly && !ts.holdsGil) continue;
        if (ts.frames.empty()) continue; // a thread that has not entered Python code (yet)
        if (!options_.gilOnly && ts.nativeThreadId != 0) {
            char state = 0;
            if (pauser_) {
                auto it = pausedStates_.find(ts.nativeThreadId);
                state = it == pausedStates_.end() ? 0 : it->second;
            } else if (ts.holdsGil) {
                // The GIL holder is running Python code (or is about to): not idle. Its /proc read,
                // one ~2.5 µs syscall, is the largest part of a shallow sample, so it is skipped.
                state = 'R';
            } else {
                state = states_.state(ts.nativeThreadId);
                ++stateReads_;
            }
            ts.idle = state != 0 && state != 'R';
        }
        if (ts.idle && !options_.includeIdle) continue;
        ThreadCache& cache = threadFor(ts);
        const StackId stack = internRootFirst(cache, ts.frames);
        uint8_t flags = 0;
        if (ts.idle) flags |= kSampleIdle;
        if (ts.holdsGil) flags |= kSampleHoldsGil;
        profile_.appendSample(timeNs, cache.index, stack, 1, flags);
        ++appended;
    }
    if (++samplesSinceSweep_ >= 1000) {
        samplesSinceSweep_ = 0;
        states_.forgetUnused();
    }
    return appended;
}

Result<void> Sampler::readPaused(bool onlyPythonThreads) {
    // Thread states first: once stopped by us every thread reads as 't' (traced).
    pausedStates_.clear();
    if (onlyPythonThreads) {
        if (!options_.gilOnly)
            for (int tid : pythonThreads_)
                pausedStates_[uint64_t(tid)] = states_.state(uint64_t(tid));
        if (auto paused = pauser_->pauseThreads(pythonThreads_); !paused) {
            // Every thread the last sample saw has ended: stop them all, as at the start.
            pythonThreads_.clear();
            if (paused.error().kind != ErrorKind::NotFound) return paused.error();
            return readPaused(false);
        }
    } else {
        if (auto listed = pauser_->listThreads(); !listed) return listed.error();
        if (!options_.gilOnly)
            for (int tid : pauser_->threadIds())
                pausedStates_[uint64_t(tid)] = states_.state(uint64_t(tid));
        if (auto paused = pauser_->pause(); !paused) return paused.error();
    }
    PauseGuard resumeAfterRead(pauser_.get());
    pausedThreads_ += pauser_->stoppedCount();
    return reader_.readStacks(profile_, stacks_);
}

bool Sampler::rememberPythonThreads() {
    // Only threads whose kernel id the reader knows can be stopped alone; one it does not know
    // means stopping every thread, as the first sample does.
    bool allKnown = true, allStopped = true;
    nextPythonThreads_.clear();
    for (const ThreadStack& ts : stacks_) {
        if (ts.nativeThreadId == 0) allKnown = false;
        const int tid = int(ts.nativeThreadId);
        nextPythonThreads_.push_back(tid);
        if (std::find(pythonThreads_.begin(), pythonThreads_.end(), tid) == pythonThreads_.end())
            allStopped = false;
    }
    if (allKnown)
        pythonThreads_.swap(nextPythonThreads_);
    else
        pythonThreads_.clear();
    return allStopped;
}

Sampler::ThreadCache& Sampler::threadFor(const ThreadStack& ts) {
    const uint64_t id = ts.nativeThreadId ? ts.nativeThreadId : ts.pythonThreadId;
    auto [it, inserted] = threads_.try_emplace(id);
    ThreadCache& cache = it->second;
    if (inserted) {
        std::string name = ts.name;
        if (name.empty() && ts.nativeThreadId) name = states_.name(ts.nativeThreadId);
        cache.index = profile_.threadById(id, name);
        cache.readerName = ts.name;
    } else if (!ts.name.empty() && ts.name != cache.readerName) {
        // `threading` names appear once the module has run its bookkeeping, and can change.
        profile_.renameThread(cache.index, ts.name);
        cache.readerName = ts.name;
    }
    return cache;
}

StackId Sampler::internRootFirst(ThreadCache& cache, const std::vector<FrameId>& innermostFirst) {
    // Consecutive samples of a thread mostly share a long root prefix: reuse its stack nodes and
    // intern only the frames after the first difference.
    const size_t n = innermostFirst.size();
    size_t same = 0;
    const size_t limit = std::min(n, cache.frames.size());
    while (same < limit && cache.frames[same] == innermostFirst[n - 1 - same])
        ++same;
    cache.frames.resize(n);
    cache.nodes.resize(n);
    StackId node = same ? cache.nodes[same - 1] : kNoStack;
    for (size_t i = same; i < n; ++i) {
        const FrameId f = innermostFirst[n - 1 - i];
        node = profile_.internChild(node, f);
        cache.frames[i] = f;
        cache.nodes[i] = node;
    }
    return node;
}

} // namespace spyglass
