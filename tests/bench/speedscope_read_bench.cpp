// Reads one speedscope JSON file with our streaming reader and prints what it cost: wall time,
// throughput, peak resident memory of this process (VmHWM) and the model's own size. One read
// per process, so the peak belongs to that read; run_speedscope_bench.sh repeats it beside
// Python's json.load on the same file and reports medians and ratios.
//
// usage: speedscope_read_bench FILE
// prints: speedscope_read seconds=S mbps=M peak_mb=P model_mb=M samples=N stacks=K
#include <cstdio>
#include <fstream>

#include "bench_util.h"
#include "core/formats/profile_io.h"

int main(int argc, char** argv) {
    using namespace spyglass;
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    const double t0 = bench::nowSeconds();
    auto profile = readProfileFile(argv[1]);
    const double seconds = bench::nowSeconds() - t0;
    if (!profile) {
        std::fprintf(stderr, "%s\n", profile.error().message.c_str());
        return 1;
    }
    std::ifstream file(argv[1], std::ios::binary | std::ios::ate);
    const double bytes = double(file.tellg());
    std::printf("speedscope_read seconds=%.3f mbps=%.1f peak_mb=%.1f model_mb=%.1f samples=%zu stacks=%zu\n",
                seconds, bytes / seconds / 1e6, bench::peakRssMiB(),
                double((*profile)->memoryBytes()) / 1048576.0, (*profile)->sampleCount(),
                (*profile)->stackCount());
    return 0;
}
