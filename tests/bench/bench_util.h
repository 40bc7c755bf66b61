#pragma once
// Small helpers shared by the benchmark programs: timing, medians, peak memory.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace spyglass::bench {

inline double nowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Reads a "VmHWM:" / "VmRSS:" line of /proc/self/status, in MiB.
inline double procStatusMiB(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
    return 0;
}
inline double peakRssMiB() { return procStatusMiB("VmHWM:"); }
inline double rssMiB() { return procStatusMiB("VmRSS:"); }

template <typename F>
double medianSeconds(int runs, F&& f) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const double t0 = nowSeconds();
        f();
        times.push_back(nowSeconds() - t0);
    }
    return median(times);
}

} // namespace spyglass::bench
