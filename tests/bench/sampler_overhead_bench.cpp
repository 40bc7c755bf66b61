// What sampling costs the target, and how true its shares are.
//
//   sampler_overhead_bench [CYCLES]
//
// Slowdown: this machine's speed drifts by tens of percent within seconds (2 cores shared with
// builds), so profiled and unprofiled runs of a job at different times do not compare. Instead one
// long-running CPU-bound job (a pure-Python loop on Debian's python3.11) reports how many
// iterations it has done every 20 ms, and the benchmark alternates, CYCLES times (default 8),
// 0.6 s unprofiled with 0.6 s profiled: Spyglass (a SamplingSession started and stopped) at
// 100 Hz, 1 kHz and 10 kHz, and Austin 4.0 (`austin -i 10ms|1ms|100us -x 1 -p PID`, the window
// being its sampling time). Each profiled window's throughput is compared with the mean of the
// unprofiled windows just before and after it (the first 100 ms of every window left out);
// slowdown = median over cycles of (unprofiled / profiled − 1).
//
// Accuracy: hot() does 7000 loop iterations and cold() 3000, alternating; sampled at 1 kHz for
// 5 s, hot's share of the samples should be 70 %. The job also times 2000 calls of each
// unprofiled, which gives the true share including the call overhead.
#include "core/sampling/sampling_session.h"
#include "sampler_bench_support.h"

#include <algorithm>
#include <cstring>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

// Prints "seconds iterations" every 20 ms.
const char* kJob = R"PY(import sys, time
n = 0
next_report = time.perf_counter()
while True:
    for i in range(2000):
        n += 1
    t = time.perf_counter()
    if t >= next_report:
        sys.stdout.write("%.6f %d\n" % (t, n))
        sys.stdout.flush()
        next_report = t + 0.02
)PY";

const char* kShare = R"PY(import sys, time
SECONDS = float(sys.argv[1])
def hot():
    s = 0
    for i in range(7000): s += i * i
    return s
def cold():
    s = 0
    for i in range(3000): s += i * i
    return s
if len(sys.argv) > 2:
    t0 = time.perf_counter()
    for _ in range(2000): hot()
    t1 = time.perf_counter()
    for _ in range(2000): cold()
    t2 = time.perf_counter()
    open(sys.argv[2], "w").write("%.6f\n" % ((t1 - t0) / (t2 - t0)))
    sys.exit(0)
end = time.time() + SECONDS
while time.time() < end:
    for _ in range(10):
        hot()
        cold()
)PY";

double readNumber(const std::string& path) {
    std::ifstream in(path);
    double v = -1;
    in >> v;
    std::remove(path.c_str());
    return v;
}

struct Progress {
    std::vector<std::pair<double, double>> points; // (perf_counter seconds, iterations)

    void load(const std::string& path) {
        points.clear();
        std::ifstream in(path);
        double t, n;
        while (in >> t >> n)
            points.emplace_back(t, n);
    }
    // Iterations a second between two perf_counter times.
    double rate(double from, double to) const {
        auto at = [&](double when) {
            auto it = std::lower_bound(points.begin(), points.end(), std::make_pair(when, 0.0));
            return it == points.end() ? points.back() : *it;
        };
        const auto a = at(from), b = at(to);
        return b.first > a.first ? (b.second - a.second) / (b.first - a.first) : 0;
    }
};

double perfCounterNow() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); // CPython's perf_counter on Linux
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void sleepSeconds(double s) {
    std::this_thread::sleep_for(std::chrono::microseconds(long(s * 1e6)));
}

} // namespace

int main(int argc, char** argv) {
    const int cycles = argc > 1 ? std::max(1, std::atoi(argv[1])) : 8;
    const Python debian{"3.11 Debian", "/usr/bin/python3.11"};
    const std::string job = writeTemp("job.py", kJob), out = "/tmp/spyglass-bench-job.out";
    const std::string progressPath = "/tmp/spyglass-bench-progress-" + std::to_string(getpid());
    struct Condition {
        std::string name;
        bool austin;
        double rate;
        std::vector<double> slowdowns;
    };
    std::vector<Condition> conditions = {{"spyglass 100 Hz", false, 100, {}},
                                         {"spyglass 1 kHz", false, 1000, {}},
                                         {"spyglass 10 kHz", false, 10000, {}}};
    if (haveAustin())
        for (double r : {100.0, 1000.0, 10000.0})
            conditions.push_back({"austin " + std::string(r < 1000    ? "100 Hz"
                                                          : r < 10000 ? "1 kHz"
                                                                      : "10 kHz"),
                                  true,
                                  r,
                                  {}});
    {
        // The job's stdout goes to the progress file.
        std::vector<std::string> argv{"/bin/sh", "-c",
                                      "exec " + debian.path + " " + job + " > " + progressPath};
        auto p = LaunchedProcess::spawn(argv);
        if (!p) return 1;
        sleepSeconds(0.5);
        // /bin/sh execs python: same pid.
        const int pid = (*p)->pid();
        struct Window {
            double from, to;
            int condition; // -1: unprofiled
        };
        std::vector<Window> windows;
        const double window = 0.6, settle = 0.1;
        for (int cycle = 0; cycle < cycles; ++cycle) {
            for (size_t k = 0; k < conditions.size(); ++k) {
                const double off = perfCounterNow();
                sleepSeconds(window);
                windows.push_back({off + settle, perfCounterNow(), -1});
                const Condition& c = conditions[k];
                double from = 0, to = 0;
                if (c.austin) {
                    const long us = long(1e6 / c.rate);
                    from = perfCounterNow();
                    (void)runAustin(
                        {"-i", std::to_string(us) + "us", "-x", "1", "-p", std::to_string(pid)});
                    to = perfCounterNow();
                } else {
                    auto reader = openPythonProcess(pid);
                    if (!reader) return 1;
                    SamplerOptions options;
                    options.rateHz = c.rate;
                    SamplingSession session(std::move(*reader), options);
                    from = perfCounterNow();
                    (void)session.start();
                    sleepSeconds(window);
                    session.stop();
                    to = perfCounterNow();
                }
                windows.push_back({from + settle, to, int(k)});
            }
            std::fprintf(stderr, "cycle %d done\n", cycle + 1);
        }
        const double endOff = perfCounterNow();
        sleepSeconds(window);
        windows.push_back({endOff + settle, perfCounterNow(), -1});
        (*p)->kill();
        Progress progress;
        progress.load(progressPath);
        std::remove(progressPath.c_str());
        for (size_t i = 1; i + 1 < windows.size(); ++i) {
            if (windows[i].condition < 0) continue;
            const double before = progress.rate(windows[i - 1].from, windows[i - 1].to);
            const double after = progress.rate(windows[i + 1].from, windows[i + 1].to);
            const double during = progress.rate(windows[i].from, windows[i].to);
            if (during > 0)
                conditions[size_t(windows[i].condition)].slowdowns.push_back(
                    (before + after) / 2 / during - 1);
        }
    }
    std::printf("# slowdown of a CPU-bound job (Debian python3.11), %d cycles of 0.6 s off / on\n",
                cycles);
    std::printf("%-18s %10s %10s %10s %8s\n", "condition", "median", "p25", "p75", "cycles");
    for (const Condition& c : conditions)
        std::printf("%-18s %9.1f%% %9.1f%% %9.1f%% %8zu\n", c.name.c_str(),
                    100 * median(c.slowdowns), 100 * percentile(c.slowdowns, 0.25),
                    100 * percentile(c.slowdowns, 0.75), c.slowdowns.size());

    std::printf("\n# accuracy: share of hot() (70 %% of the loop iterations), 1 kHz for 5 s\n");
    std::printf("%-12s %10s %10s %10s %12s\n", "python", "samples", "measured", "true",
                "|measured-70|");
    const std::string share = writeTemp("share.py", kShare);
    for (const Python& py : benchInterpreters(false)) {
        // The true share, unprofiled.
        auto cal = LaunchedProcess::spawn({py.path, share, "0", out});
        if (!cal) continue;
        while (!(*cal)->hasExited())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const double truth = readNumber(out);
        auto p = LaunchedProcess::spawn({py.path, share, "6"});
        if (!p) continue;
        auto reader = (*p)->waitForInterpreter(std::chrono::seconds(20));
        if (!reader) continue;
        SamplerOptions options;
        options.rateHz = 1000;
        options.durationNs = 5'000'000'000;
        SamplingSession session(std::move(*reader), options);
        (void)session.start();
        session.wait(std::chrono::seconds(30));
        session.stop();
        const Profile& prof = session.profile();
        size_t hot = 0, cold = 0;
        std::vector<FrameId> frames;
        for (size_t i = 0; i < prof.sampleCount(); ++i) {
            prof.stackFrames(prof.sampleStack(i), frames);
            if (frames.empty()) continue;
            const std::string_view leaf = prof.functionName(prof.frame(frames.back()).function);
            hot += leaf == "hot";
            cold += leaf == "cold";
        }
        const double measured = 100.0 * double(hot) / double(std::max<size_t>(1, hot + cold));
        std::printf("%-12s %10zu %9.1f%% %9.1f%% %11.1f\n", py.label.c_str(), hot + cold, measured,
                    100.0 * truth, std::abs(measured - 70.0));
        std::fflush(stdout);
    }
    return 0;
}
