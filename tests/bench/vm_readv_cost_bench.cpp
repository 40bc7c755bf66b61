// What one process_vm_readv costs here, by the number of remote ranges (iovecs) and their size:
// the numbers the prefetch plan is laid out by (core/cpython/prefetcher.h).
//
//   vm_readv_cost_bench [PYTHON]      (default: the first interpreter of sampler_cost_bench's list)
//
// The target is a real Python process spinning in a loop; the ranges lie in its heap, one per
// page (distinct pages) or back to back in one page. Each figure is the median of 20,000 calls,
// taken twice in alternation so both rounds see the same machine.
#include "sampler_bench_support.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sys/uio.h>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

// The start of the target's [heap] mapping, 0 when there is none.
uint64_t heapStart(pid_t pid) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    while (std::getline(maps, line))
        if (line.find("[heap]") != std::string::npos) return std::stoull(line, nullptr, 16);
    return 0;
}

double medianCall(pid_t pid, uint64_t base, int ranges, size_t size, size_t stride) {
    std::vector<char> buffer(size * ranges);
    iovec local{buffer.data(), buffer.size()};
    std::vector<iovec> remote(ranges);
    for (int i = 0; i < ranges; ++i)
        remote[i] = {reinterpret_cast<void*>(base + i * stride), size};
    std::vector<double> times;
    times.reserve(20000);
    for (int k = 0; k < 20000; ++k) {
        const double t0 = nowSeconds();
        if (process_vm_readv(pid, &local, 1, remote.data(), remote.size(), 0) < 0) return -1;
        times.push_back((nowSeconds() - t0) * 1e6);
    }
    return median(times);
}

} // namespace

int main(int argc, char** argv) {
    std::vector<Python> pythons = benchInterpreters(false);
    if (argc > 1) pythons.insert(pythons.begin(), Python{argv[1], argv[1]});
    if (pythons.empty()) {
        std::fprintf(stderr, "no interpreter found\n");
        return 1;
    }
    // A heap of a few MB: the ranges below stay inside it.
    const std::string script = writeTemp("heap.py", "x = bytearray(1 << 22)\nwhile True:\n"
                                                    "    for i in range(1000): pass\n");
    LaunchOptions quiet;
    quiet.discardOutput = true;
    auto target = LaunchedProcess::spawn({pythons[0].path, script}, quiet);
    if (!target) return 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const pid_t pid = (*target)->pid();
    const uint64_t heap = heapStart(pid);
    if (!heap) {
        std::fprintf(stderr, "no [heap] in %d\n", pid);
        return 1;
    }
    const uint64_t base = heap + 4 * 4096;
    std::printf("# process_vm_readv on %s (pid %d), median µs of 20,000 calls, two rounds\n",
                pythons[0].label.c_str(), pid);
    std::printf("%-40s %8s %8s\n", "ranges", "round 1", "round 2");
    struct Case {
        const char* what;
        int ranges;
        size_t size, stride;
        uint64_t offset = 0; // of the first range from the start of a page
    };
    const Case cases[] = {
        {"1 x 8 bytes", 1, 8, 8192},
        {"1 x 1 KB", 1, 1024, 8192},
        {"1 x 4 KB", 1, 4096, 8192},
        {"1 x 16 KB", 1, 16384, 32768},
        {"2 x 8 bytes, pages apart", 2, 8, 8192},
        {"4 x 8 bytes, pages apart", 4, 8, 8192},
        {"8 x 8 bytes, pages apart", 8, 8, 8192},
        {"9 x 8 bytes, pages apart", 9, 8, 8192},
        {"12 x 8 bytes, pages apart", 12, 8, 8192},
        {"16 x 8 bytes, pages apart", 16, 8, 8192},
        {"8 x 144 bytes, one page", 8, 144, 160},
        // A range that straddles two pages: one more page to pin in the same iovec (a thread
        // state or code object can lie so).
        {"1 x 312 bytes, inside a page", 1, 312, 8192},
        {"1 x 312 bytes, across two pages", 1, 312, 8192, 4096 - 264},
        {"4 x 144 bytes, pages apart", 4, 144, 8192},
        {"4 x 144 bytes, pages apart, each across two", 4, 144, 8192, 4096 - 80},
    };
    double rounds[2][std::size(cases)];
    for (int round = 0; round < 2; ++round)
        for (size_t c = 0; c < std::size(cases); ++c)
            rounds[round][c] = medianCall(pid, base + cases[c].offset, cases[c].ranges,
                                          cases[c].size, cases[c].stride);
    for (size_t c = 0; c < std::size(cases); ++c)
        std::printf("%-40s %8.2f %8.2f\n", cases[c].what, rounds[0][c], rounds[1][c]);
    return 0;
}
