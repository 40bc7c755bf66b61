#pragma once
// --blocking: stops the target's threads for the duration of one sample, so the stacks read are
// perfectly consistent, and lets them go again right after. Every thread, or only the ones given
// (those that run Python: a program with a pool of 150 native threads, as numpy or torch start,
// would otherwise be stopped 150 times a sample for stacks that are never read).
//
// Each pause seizes each thread (PTRACE_SEIZE, which unlike PTRACE_ATTACH sends no SIGSTOP) and
// interrupts it; resume() detaches them all. Nothing stays attached between samples, so signals
// to the target are never held back by us for longer than one sample, and the target is never
// left stopped: the destructor detaches whatever is still attached, and a spyglass that dies is
// detached by the kernel.
//
// ptrace binds a tracee to the tracing *thread*: pause(), resume() and the destructor must all run
// on the same thread (the sampler's).
#include "core/model/result.h"

#include <cstdint>
#include <span>
#include <vector>

namespace spyglass {

class PtracePauser {
  public:
    explicit PtracePauser(int pid) : pid_(pid) {}
    ~PtracePauser();
    PtracePauser(const PtracePauser&) = delete;
    PtracePauser& operator=(const PtracePauser&) = delete;

    // Stops every thread. On an error nothing is left attached. ErrorKind::NotFound when the
    // process is gone, ErrorKind::Permission (with the remedy) when it may not be traced.
    Result<void> pause();
    // Stops only those of the threads `tids` that are still the target's (the others are
    // skipped). NotFound when none of them is left, the process gone or not.
    Result<void> pauseThreads(std::span<const int> tids);
    // Lets every stopped thread go (detaching it). Safe to call when nothing is paused.
    void resume();

    // The thread ids found by the last pause(), for reading their states before stopping them.
    const std::vector<int>& threadIds() const { return listed_; }
    // How many threads the last pause stopped.
    size_t stoppedCount() const { return tracees_.size(); }
    // Lists the target's threads now (also done by pause()).
    Result<void> listThreads();

    // How long pause() waits for a thread to stop before giving up on it for this sample.
    static constexpr int64_t kStopTimeoutNs = 200'000'000;

  private:
    struct Tracee {
        int tid = 0;
        bool stopped = false;
        int pendingSignal = 0; // a signal that arrived while stopped, handed back at detach
    };
    bool seize(int tid);
    void waitForStops();
    void detach(Tracee& t);

    int pid_;
    std::vector<int> listed_;
    std::vector<Tracee> tracees_;
};

// RAII: pauses on construction (when given a pauser) and always resumes.
class PauseGuard {
  public:
    explicit PauseGuard(PtracePauser* pauser) : pauser_(pauser) {}
    ~PauseGuard() {
        if (pauser_) pauser_->resume();
    }
    PauseGuard(const PauseGuard&) = delete;
    PauseGuard& operator=(const PauseGuard&) = delete;

  private:
    PtracePauser* pauser_;
};

} // namespace spyglass
