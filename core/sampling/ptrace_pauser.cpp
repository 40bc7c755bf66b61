#include "core/sampling/ptrace_pauser.h"

#include "core/process/process_list.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <string>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

namespace spyglass {

namespace {

int64_t monotonicNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void napNs(long ns) {
    timespec ts{0, ns};
    nanosleep(&ts, nullptr);
}

Error permissionError(int pid, int err) {
    return makeError("cannot pause process " + std::to_string(pid) +
                         " for --blocking: " + std::strerror(err) +
                         ". Run spyglass as the same user as the target or as root, or give it "
                         "CAP_SYS_PTRACE (sudo setcap cap_sys_ptrace+ep spyglass); check "
                         "/proc/sys/kernel/yama/ptrace_scope (0 allows tracing any process of the "
                         "same user) and that no debugger is attached already. Without --blocking "
                         "spyglass reads the target without stopping it.",
                     ErrorKind::Permission);
}

} // namespace

PtracePauser::~PtracePauser() {
    resume();
}

Result<void> PtracePauser::listThreads() {
    const std::set<int64_t> ids = process::processThreadIds(pid_);
    listed_.assign(ids.begin(), ids.end());
    if (listed_.empty())
        return makeError("process " + std::to_string(pid_) + " has exited", ErrorKind::NotFound);
    return {};
}

bool PtracePauser::seize(int tid) {
    if (ptrace(PTRACE_SEIZE, tid, nullptr, nullptr) != 0) return false;
    tracees_.push_back(Tracee{tid});
    // Cannot fail on a freshly seized tracee except when it has just exited, which waitForStops
    // then sees.
    ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    return true;
}

Result<void> PtracePauser::pause() {
    resume();
    if (auto listed = listThreads(); !listed) return listed;
    // A thread not stopped yet may start another one: list again until no new thread shows up.
    for (int round = 0; round < 4; ++round) {
        bool seizedAny = false;
        for (int tid : listed_) {
            if (std::any_of(tracees_.begin(), tracees_.end(),
                            [&](const Tracee& t) { return t.tid == tid; }))
                continue;
            if (seize(tid)) {
                seizedAny = true;
                continue;
            }
            const int err = errno;
            if (err == ESRCH) continue; // the thread ended meanwhile
            resume();
            return permissionError(pid_, err);
        }
        if (!seizedAny) break;
        waitForStops();
        if (auto listed = listThreads(); !listed) {
            resume();
            return listed;
        }
    }
    if (tracees_.empty())
        return makeError("process " + std::to_string(pid_) + " has exited", ErrorKind::NotFound);
    return {};
}

Result<void> PtracePauser::pauseThreads(std::span<const int> tids) {
    resume();
    // Only threads of this process now: a thread that ended may have left its id to another
    // process, which must never be stopped.
    if (auto listed = listThreads(); !listed) return listed;
    for (int tid : tids) {
        if (std::find(listed_.begin(), listed_.end(), tid) == listed_.end()) continue;
        if (seize(tid)) continue;
        const int err = errno;
        if (err == ESRCH) continue; // the thread ended meanwhile
        resume();
        return permissionError(pid_, err);
    }
    waitForStops();
    std::erase_if(tracees_, [](const Tracee& t) { return t.tid == 0; }); // ended while stopping
    if (tracees_.empty())
        return makeError("none of the threads to pause is left", ErrorKind::NotFound);
    return {};
}

void PtracePauser::waitForStops() {
    const int64_t deadline = monotonicNs() + kStopTimeoutNs;
    for (int spin = 0;; ++spin) {
        bool waiting = false;
        for (Tracee& t : tracees_) {
            if (t.stopped || t.tid == 0) continue;
            int status = 0;
            const pid_t got = waitpid(t.tid, &status, __WALL | WNOHANG | __WNOTHREAD);
            if (got == t.tid) {
                if (WIFSTOPPED(status)) {
                    t.stopped = true;
                    // A signal-delivery-stop (no ptrace event) holds a signal meant for the
                    // target: give it back when detaching. Interrupt and group stops hold none.
                    if ((status >> 16) == 0) t.pendingSignal = WSTOPSIG(status);
                } else {
                    t.tid = 0; // exited or killed
                }
            } else if (got < 0 && errno != EINTR) {
                t.tid = 0; // not ours any more: gone
            } else {
                waiting = true;
            }
        }
        if (!waiting || monotonicNs() > deadline) return;
        if (spin < 50)
            sched_yield();
        else
            napNs(20'000);
    }
}

void PtracePauser::detach(Tracee& t) {
    if (t.tid == 0) return;
    if (!t.stopped) {
        // PTRACE_DETACH needs a stopped tracee; this one has not stopped yet (uninterruptible
        // sleep), so wait a little longer for the interrupt to land.
        waitForStops();
        if (!t.stopped && t.tid != 0) {
            // Still running after another timeout: leave it to a later resume(); the kernel
            // detaches it at the latest when this thread ends.
            return;
        }
        if (t.tid == 0) return;
    }
    ptrace(PTRACE_DETACH, t.tid, nullptr, reinterpret_cast<void*>(intptr_t(t.pendingSignal)));
    t.tid = 0;
}

void PtracePauser::resume() {
    for (Tracee& t : tracees_)
        detach(t);
    std::erase_if(tracees_, [](const Tracee& t) { return t.tid == 0; });
}

} // namespace spyglass
