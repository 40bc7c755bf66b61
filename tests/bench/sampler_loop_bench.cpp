// One interpreter, one depth, N samples in a loop: the program to put under perf or callgrind
// when looking for where a sample's time goes.
//
//   sampler_loop_bench PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only]
//
// Prints the median and mean of Sampler::sampleOnce (or StackReader::readStacks with
// --read-only) and the process_vm_readv calls per sample.
#include "core/cpython/python_stack_reader.h"
#include "core/sampling/sampler.h"
#include "sampler_bench_support.h"

#include <cstring>

using namespace spyglass;
using namespace spyglass::bench;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only]\n",
                     argv[0]);
        return 2;
    }
    const Python py{argv[1], argv[1]};
    const int depth = std::atoi(argv[2]);
    int n = 20000;
    bool verify = true, readOnly = false;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-verify") == 0)
            verify = false;
        else if (std::strcmp(argv[i], "--read-only") == 0)
            readOnly = true;
        else
            n = std::atoi(argv[i]);
    }
    DeepTarget t = DeepTarget::start(py, depth, 600);
    if (!t.reader) return 1;
    auto* reader = dynamic_cast<cpython::PythonStackReader*>(t.reader.get());
    if (!reader) return 1;
    reader->setVerification(verify);
    Profile profile;
    SamplerOptions options;
    Sampler sampler(*reader, profile, options);
    std::vector<ThreadStack> stacks;
    std::vector<double> times;
    times.reserve(size_t(n));
    size_t torn = 0;
    for (int i = 0; i < 200; ++i)
        (void)sampler.sampleOnce(i);
    const uint64_t calls0 = reader->memory().syscalls();
    for (int i = 0; i < n; ++i) {
        const double t0 = nowSeconds();
        const bool ok =
            readOnly ? reader->readStacks(profile, stacks).ok() : sampler.sampleOnce(i).ok();
        times.push_back((nowSeconds() - t0) * 1e6);
        torn += !ok;
    }
    double mean = 0;
    for (double v : times)
        mean += v / double(n);
    std::printf(
        "%s depth %d: median %.2f µs, mean %.2f µs, %.2f memory syscalls/sample, %zu failed, "
        "plan %zu ranges %zu bytes (with the verification copy)\n",
        readOnly ? "readStacks" : "sampleOnce", depth, median(times), mean,
        double(reader->memory().syscalls() - calls0) / n, torn,
        reader->prefetcher().plannedRanges(), reader->prefetcher().plannedBytes());
    return 0;
}
