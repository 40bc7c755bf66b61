#include "core/sampling/stop_signal.h"

#include <signal.h>

namespace spyglass {

namespace {

std::atomic<int> gStopSignal{0};
struct sigaction gOldInt, gOldTerm;

extern "C" void onStopSignal(int sig) {
    gStopSignal.store(sig, std::memory_order_relaxed);
}

} // namespace

StopSignalGuard::StopSignalGuard() {
    gStopSignal.store(0);
    struct sigaction sa {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, &gOldInt);
    sigaction(SIGTERM, &sa, &gOldTerm);
}

StopSignalGuard::~StopSignalGuard() {
    sigaction(SIGINT, &gOldInt, nullptr);
    sigaction(SIGTERM, &gOldTerm, nullptr);
}

bool StopSignalGuard::requested() {
    return gStopSignal.load(std::memory_order_relaxed) != 0;
}
int StopSignalGuard::signalNumber() {
    return gStopSignal.load(std::memory_order_relaxed);
}

} // namespace spyglass
