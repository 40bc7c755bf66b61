#pragma once
// Ctrl-C and SIGTERM during a recording: the handler only sets a flag; the loops that watch it
// finish the sample in progress (detaching a --blocking target), and the command still writes
// what was recorded.
#include <atomic>

namespace spyglass {

class StopSignalGuard {
  public:
    // Installs handlers for SIGINT and SIGTERM (without SA_RESTART, so a blocking wait returns
    // EINTR and looks at the flag); the destructor puts the previous handlers back.
    StopSignalGuard();
    ~StopSignalGuard();
    StopSignalGuard(const StopSignalGuard&) = delete;
    StopSignalGuard& operator=(const StopSignalGuard&) = delete;

    static bool requested();
    // The signal that asked to stop, 0 for none.
    static int signalNumber();
};

} // namespace spyglass
