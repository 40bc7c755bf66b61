// One interpreter, one depth, N samples in a loop: the program to put under perf or callgrind
// when looking for where a sample's time goes.
//
//   sampler_loop_bench PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only] [--plan]
//
// Prints the median and mean of Sampler::sampleOnce (or StackReader::readStacks with
// --read-only), the process_vm_readv calls per sample, why samples failed, and with --plan the
// ranges (iovecs) of the last sample's call.
#include "core/cpython/python_stack_reader.h"
#include "core/sampling/sampler.h"
#include "sampler_bench_support.h"

#include <cstring>
#include <map>
#include <string>

using namespace spyglass;
using namespace spyglass::bench;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: %s PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only] [--plan]\n",
                     argv[0]);
        return 2;
    }
    const Python py{argv[1], argv[1]};
    const int depth = std::atoi(argv[2]);
    int n = 20000;
    bool verify = true, readOnly = false, showPlan = false;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-verify") == 0)
            verify = false;
        else if (std::strcmp(argv[i], "--read-only") == 0)
            readOnly = true;
        else if (std::strcmp(argv[i], "--plan") == 0)
            showPlan = true;
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
    std::map<std::string, size_t> reasons; // why samples failed
    for (int i = 0; i < 200; ++i)
        (void)sampler.sampleOnce(i);
    const uint64_t calls0 = reader->memory().syscalls();
    for (int i = 0; i < n; ++i) {
        const double t0 = nowSeconds();
        std::string failure;
        if (readOnly) {
            if (auto r = reader->readStacks(profile, stacks); !r) failure = r.error().message;
        } else if (auto r = sampler.sampleOnce(i); !r) {
            failure = r.error().message;
        }
        times.push_back((nowSeconds() - t0) * 1e6);
        if (!failure.empty()) {
            ++torn;
            ++reasons[failure];
        }
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
    if (showPlan) {
        // Each line an iovec of the steady sample's one process_vm_readv.
        const auto& pf = reader->prefetcher();
        using Kind = cpython::Prefetcher::CopyKind;
        for (size_t i = 0; i < pf.planned_.size(); ++i) {
            const Kind kind = i < pf.copyKind_.size() ? pf.copyKind_[i] : Kind::None;
            std::printf("  copy  %#llx %5zu bytes%s\n", (unsigned long long)pf.planned_[i].address,
                        pf.planned_[i].size,
                        kind == Kind::Middle   ? " (copied once: the instant)"
                        : kind == Kind::Single ? " (copied once: links that hold for its life)"
                                               : "");
        }
        for (const auto& r : pf.rereadPlan_)
            std::printf("  again %#llx %5zu bytes\n", (unsigned long long)r.address, r.size);
    }
    for (const auto& [why, count] : reasons)
        std::printf("  %zu failed: %s\n", count, why.c_str());
    return 0;
}
