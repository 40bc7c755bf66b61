// One interpreter, one depth, N samples in a loop: the program to put under perf or callgrind
// when looking for where a sample's time goes.
//
//   sampler_loop_bench PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only] [--plan] [--gap US]
//
// PYTHON may be pid:N to sample a program already running (its own stacks, DEPTH unused); --gap
// sleeps that many µs between samples, as a paced recording does.
//
// Prints the median and mean of Sampler::sampleOnce (or StackReader::readStacks with
// --read-only), the process_vm_readv calls per sample, why samples failed, and with --plan the
// ranges (iovecs) of the last sample's call.
#include "core/cpython/python_stack_reader.h"
#include "core/sampling/sampler.h"
#include "sampler_bench_support.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

// The mapping (file, or [heap]/[stack]/anonymous) that holds `address` in /proc/PID/maps.
std::string mappingOf(int pid, uint64_t address) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    for (std::string line; std::getline(maps, line);) {
        std::istringstream f(line);
        std::string range, perms, offset, dev, inode, path;
        f >> range >> perms >> offset >> dev >> inode;
        std::getline(f >> std::ws, path);
        const size_t dash = range.find('-');
        const uint64_t lo = std::stoull(range.substr(0, dash), nullptr, 16);
        const uint64_t hi = std::stoull(range.substr(dash + 1), nullptr, 16);
        if (address >= lo && address < hi) {
            if (const size_t slash = path.rfind('/'); slash != std::string::npos)
                path = path.substr(slash + 1);
            return path.empty() ? "anonymous" : path;
        }
    }
    return "?";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(
            stderr,
            "usage: %s PYTHON DEPTH [SAMPLES] [--no-verify] [--read-only] [--plan] [--gap US]\n",
            argv[0]);
        return 2;
    }
    const Python py{argv[1], argv[1]};
    const int depth = std::atoi(argv[2]);
    int n = 20000;
    bool verify = true, readOnly = false, showPlan = false;
    int gapUs = 0;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-verify") == 0)
            verify = false;
        else if (std::strcmp(argv[i], "--read-only") == 0)
            readOnly = true;
        else if (std::strcmp(argv[i], "--plan") == 0)
            showPlan = true;
        else if (std::strcmp(argv[i], "--gap") == 0 && i + 1 < argc)
            gapUs = std::atoi(argv[++i]);
        else
            n = std::atoi(argv[i]);
    }
    // PYTHON may be pid:N, a running program to attach to (DEPTH is then only a label).
    DeepTarget t;
    if (std::strncmp(argv[1], "pid:", 4) == 0) {
        auto opened = cpython::PythonStackReader::open(std::atoi(argv[1] + 4));
        if (!opened) {
            std::fprintf(stderr, "%s\n", opened.error().message.c_str());
            return 1;
        }
        t.reader = std::move(*opened);
    } else {
        t = DeepTarget::start(py, depth, 600);
    }
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
        if (gapUs > 0) std::this_thread::sleep_for(std::chrono::microseconds(gapUs));
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
        // Each line an iovec of the steady sample's one process_vm_readv, in the order the kernel
        // copies them.
        const auto& pf = reader->prefetcher();
        using Kind = cpython::Prefetcher::CopyKind;
        for (size_t op = 0; op < pf.ops_.size(); ++op) {
            const auto& o = pf.ops_[op];
            const char* what = op >= pf.layoutSecondEnd_   ? "late "
                               : op >= pf.layoutFirstCopy_ ? "again"
                                                           : "copy ";
            const char* why = "";
            for (size_t i = 0; i < pf.planned_.size() && op < pf.layoutFirstCopy_; ++i)
                if (pf.planned_[i].address == o.address && i < pf.copyKind_.size())
                    why = pf.copyKind_[i] == Kind::Middle ? " (copied once: the instant)"
                          : pf.copyKind_[i] == Kind::Single
                              ? " (copied once: links that hold for its life)"
                          : pf.copyKind_[i] == Kind::Instant ? " (copied once: an instant)"
                                                             : "";
            std::printf("  %s %#llx %5zu bytes, page offset %#5llx, %s%s\n", what,
                        (unsigned long long)o.address, o.size,
                        (unsigned long long)(o.address & 4095),
                        mappingOf(reader->pid(), o.address).c_str(), why);
        }
    }
    // The innermost functions of the samples taken, and the frames left out as not started.
    std::map<std::string, size_t> leaves;
    for (size_t i = 0; i < profile.sampleCount(); ++i)
        ++leaves[std::string(profile.functionName(
            profile.frame(profile.stack(profile.sampleStack(i)).frame).function))];
    for (const auto& [name, count] : leaves)
        if (count * 100 >= profile.sampleCount())
            std::printf("  innermost %-20s %5.1f %%\n", name.c_str(),
                        100.0 * double(count) / double(profile.sampleCount()));
    std::printf("  verified inline %llu, by a re-read %llu\n",
                (unsigned long long)reader->prefetcher().verifiedInline(),
                (unsigned long long)reader->prefetcher().verifiedByReread());
    std::printf("  frames left out as not started: %llu\n",
                (unsigned long long)reader->walker().notStartedFrames());
    for (const auto& [why, count] : reasons)
        std::printf("  %zu failed: %s\n", count, why.c_str());
    return 0;
}
