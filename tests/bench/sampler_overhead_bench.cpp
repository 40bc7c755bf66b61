// What sampling costs the target, and how true its shares are.
//
//   sampler_overhead_bench [CYCLES [REPEATS]]
//
// Slowdown: this machine's speed drifts by tens of percent within seconds (2 cores shared with
// builds), so profiled and unprofiled runs of a job at different times do not compare. Instead one
// long-running CPU-bound job (a pure-Python loop on Debian's python3.11) reports how many
// iterations it has done, and the CPU time it has had, every 20 ms, and the benchmark alternates,
// CYCLES times (default 16), 0.4 s unprofiled with 0.4 s profiled: Spyglass (a SamplingSession
// started and stopped) at 100 Hz, 1 kHz and 10 kHz, and Austin 4.0 (`austin -i 10ms|1ms|100us -x 1
// -p PID`, the window being its sampling time), in a new random order every cycle. "10 kHz A"
// is Spyglass verifying each sample by a separate re-read after the walk (two process_vm_readv a
// sample, as before the verification copy joined the prefetch call). Each
// profiled window's throughput is compared with the mean of the unprofiled windows just before
// and after it (the first 100 ms of every window left out); slowdown = median over cycles of
// (unprofiled / profiled − 1), for two throughputs: iterations per second of wall time (what a
// user sees; on a loaded machine mostly how much CPU the scheduler leaves the job) and iterations
// per second of the job's own CPU time (what reading its memory costs the job itself).
//
// Accuracy: hot() does 7000 loop iterations and cold() 3000, alternating; sampled at 1 kHz for
// 5 s, REPEATS times (default 3, each a new process), hot's share of the samples should be 70 %.
// The true share including the call overhead comes from the job itself, unprofiled: the CPU time
// (time.process_time) of 1000 alternating calls of each, so load changes do not bias it.
#include "core/cpython/python_stack_reader.h"
#include "core/sampling/sampling_session.h"
#include "sampler_bench_support.h"

#include <algorithm>
#include <cstring>
#include <random>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

// Prints "seconds iterations cpu-seconds" every 20 ms.
const char* kJob = R"PY(import sys, time
n = 0
next_report = time.perf_counter()
while True:
    for i in range(2000):
        n += 1
    t = time.perf_counter()
    if t >= next_report:
        sys.stdout.write("%.6f %d %.6f\n" % (t, n, time.process_time()))
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
    in_hot = in_cold = 0.0
    for _ in range(1000):
        t0 = time.process_time()
        hot()
        t1 = time.process_time()
        cold()
        t2 = time.process_time()
        in_hot += t1 - t0
        in_cold += t2 - t1
    open(sys.argv[2], "w").write("%.6f\n" % (in_hot / (in_hot + in_cold)))
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
    struct Point {
        double seconds, iterations, cpu; // perf_counter, loop count, process_time
    };
    std::vector<Point> points;

    void load(const std::string& path) {
        points.clear();
        std::ifstream in(path);
        double t, n, cpu;
        while (in >> t >> n >> cpu)
            points.push_back({t, n, cpu});
    }
    struct Rates {
        double wall = 0, cpu = 0; // iterations a second of wall time, of the job's CPU time
    };
    // Between two perf_counter times.
    Rates rate(double from, double to) const {
        auto at = [&](double when) {
            auto it = std::lower_bound(points.begin(), points.end(), when,
                                       [](const Point& p, double w) { return p.seconds < w; });
            return it == points.end() ? points.back() : *it;
        };
        const Point a = at(from), b = at(to);
        Rates r;
        if (b.seconds > a.seconds) r.wall = (b.iterations - a.iterations) / (b.seconds - a.seconds);
        if (b.cpu > a.cpu) r.cpu = (b.iterations - a.iterations) / (b.cpu - a.cpu);
        return r;
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
    const int cycles = argc > 1 ? std::max(1, std::atoi(argv[1])) : 16;
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const Python debian{"3.11 Debian", "/usr/bin/python3.11"};
    const std::string job = writeTemp("job.py", kJob), out = "/tmp/spyglass-bench-job.out";
    const std::string progressPath = "/tmp/spyglass-bench-progress-" + std::to_string(getpid());
    struct Condition {
        std::string name;
        bool austin;
        double rate;
        bool separateVerify; // Spyglass verifying by a separate re-read, as before (2 syscalls)
        std::vector<double> slowdowns, cpuSlowdowns;
    };
    std::vector<Condition> conditions = {{"spyglass 100 Hz", false, 100, false, {}, {}},
                                         {"spyglass 1 kHz", false, 1000, false, {}, {}},
                                         {"spyglass 10 kHz", false, 10000, false, {}, {}},
                                         {"spyglass 10 kHz A", false, 10000, true, {}, {}}};
    if (haveAustin())
        for (double r : {100.0, 1000.0, 10000.0})
            conditions.push_back({"austin " + std::string(r < 1000    ? "100 Hz"
                                                          : r < 10000 ? "1 kHz"
                                                                      : "10 kHz"),
                                  true,
                                  r,
                                  false,
                                  {},
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
        const double window = 0.4, settle = 0.1;
        std::mt19937 shuffle(12345);
        std::vector<size_t> order(conditions.size());
        for (size_t k = 0; k < order.size(); ++k)
            order[k] = k;
        for (int cycle = 0; cycle < cycles; ++cycle) {
            // A new order every cycle: no condition always follows the same one.
            std::shuffle(order.begin(), order.end(), shuffle);
            for (size_t step = 0; step < conditions.size(); ++step) {
                const size_t k = order[step];
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
                    dynamic_cast<cpython::PythonStackReader&>(**reader).setInlineVerification(
                        !c.separateVerify);
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
            const auto before = progress.rate(windows[i - 1].from, windows[i - 1].to);
            const auto after = progress.rate(windows[i + 1].from, windows[i + 1].to);
            const auto during = progress.rate(windows[i].from, windows[i].to);
            Condition& c = conditions[size_t(windows[i].condition)];
            if (during.wall > 0)
                c.slowdowns.push_back((before.wall + after.wall) / 2 / during.wall - 1);
            if (during.cpu > 0)
                c.cpuSlowdowns.push_back((before.cpu + after.cpu) / 2 / during.cpu - 1);
        }
    }
    std::printf("# slowdown of a CPU-bound job (Debian python3.11), %d cycles of 0.4 s off / on\n",
                cycles);
    std::printf("%-18s %10s %10s %10s   %10s %10s %10s %8s\n", "condition", "wall med", "p25",
                "p75", "cpu med", "p25", "p75", "cycles");
    for (const Condition& c : conditions)
        std::printf("%-18s %9.1f%% %9.1f%% %9.1f%%   %9.1f%% %9.1f%% %9.1f%% %8zu\n",
                    c.name.c_str(), 100 * median(c.slowdowns), 100 * percentile(c.slowdowns, 0.25),
                    100 * percentile(c.slowdowns, 0.75), 100 * median(c.cpuSlowdowns),
                    100 * percentile(c.cpuSlowdowns, 0.25), 100 * percentile(c.cpuSlowdowns, 0.75),
                    c.slowdowns.size());

    std::printf(
        "\n# accuracy: share of hot() (70 %% of the loop iterations), 1 kHz for 5 s, %d runs\n",
        repeats);
    std::printf("%-12s %10s %22s %9s %9s %12s %12s\n", "python", "samples", "measured (each run)",
                "median", "true", "|median-70|", "|median-true|");
    const std::string share = writeTemp("share.py", kShare);
    for (const Python& py : benchInterpreters(false)) {
        // The true share, unprofiled (CPU time, interleaved calls).
        auto cal = LaunchedProcess::spawn({py.path, share, "0", out});
        if (!cal) continue;
        while (!(*cal)->hasExited())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const double truth = 100.0 * readNumber(out);
        std::vector<double> shares;
        size_t samples = 0;
        std::string each;
        for (int run = 0; run < repeats; ++run) {
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
            shares.push_back(100.0 * double(hot) / double(std::max<size_t>(1, hot + cold)));
            samples += hot + cold;
            char text[16];
            std::snprintf(text, sizeof text, "%s%.1f", each.empty() ? "" : " ", shares.back());
            each += text;
        }
        const double measured = median(shares);
        std::printf("%-12s %10zu %22s %8.1f%% %8.1f%% %12.1f %12.1f\n", py.label.c_str(),
                    samples / std::max<size_t>(1, shares.size()), each.c_str(), measured, truth,
                    std::abs(measured - 70.0), std::abs(measured - truth));
        std::fflush(stdout);
    }
    return 0;
}
