// Reads one folded-stack file with our reader and prints what it cost: wall time, throughput,
// peak resident memory of this process (VmHWM) and the model's own size. One read per process,
// so the peak belongs to that read; run_collapsed_bench.sh repeats it and takes medians.
//
// usage: collapsed_read_bench FILE
// prints: collapsed_read seconds=S gbps=G peak_mb=P model_mb=M samples=N stacks=K
#include "core/formats/profile_io.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

double peakResidentMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    auto profile = spyglass::readProfileFile(argv[1]);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!profile) {
        std::fprintf(stderr, "%s\n", profile.error().message.c_str());
        return 1;
    }
    std::ifstream file(argv[1], std::ios::binary | std::ios::ate);
    const double bytes = double(file.tellg());
    std::printf("collapsed_read seconds=%.3f gbps=%.3f peak_mb=%.1f model_mb=%.1f samples=%zu "
                "stacks=%zu\n",
                seconds, bytes / seconds / 1e9, peakResidentMb(),
                double((*profile)->memoryBytes()) / 1048576.0, (*profile)->sampleCount(),
                (*profile)->stackCount());
    return 0;
}
