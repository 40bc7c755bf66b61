// The cost of one sample against stack depth, the highest sustained rate, and the share of the
// requested samples taken at 100 Hz, 1 kHz and 10 kHz; Austin 4.0 measured beside, same target.
//
//   sampler_cost_bench [--all]      (--all: every interpreter, not only 3.8, 3.10–3.13,
//   Debian 3.11)
//
// Cost of one sample: the target's main thread spins at the bottom of a stack of 6, 50 or 150
// frames. "read" is StackReader::readStacks alone; "sample" is Sampler::sampleOnce (read, idle
// state from /proc, names, interning into the profile), both back to back, 4000 times after 200
// warm-up samples: median and mean in µs. Austin: `austin -i 100us -x 2 -p PID` on the same
// process right after, its own mean sampling time ("sampling" metadata: min,avg,max).
#include "core/sampling/sampler.h"
#include "core/sampling/sampling_session.h"
#include "sampler_bench_support.h"

#include <cstring>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

struct Cost {
    double readMedian = 0, readMean = 0, sampleMedian = 0, sampleMean = 0, stateMedian = 0;
};

Cost measureCost(StackReader& reader) {
    Cost c;
    Profile profile;
    std::vector<ThreadStack> stacks;
    const int warm = 200, n = 4000;
    std::vector<double> times;
    times.reserve(n);
    for (int i = 0; i < warm; ++i)
        (void)reader.readStacks(profile, stacks);
    for (int i = 0; i < n; ++i) {
        const double t0 = nowSeconds();
        (void)reader.readStacks(profile, stacks);
        times.push_back((nowSeconds() - t0) * 1e6);
    }
    c.readMedian = median(times);
    for (double t : times)
        c.readMean += t / n;
    times.clear();
    SamplerOptions options;
    Sampler sampler(reader, profile, options);
    for (int i = 0; i < warm; ++i)
        (void)sampler.sampleOnce(i);
    for (int i = 0; i < n; ++i) {
        const double t0 = nowSeconds();
        (void)sampler.sampleOnce(i);
        times.push_back((nowSeconds() - t0) * 1e6);
    }
    c.sampleMedian = median(times);
    for (double t : times)
        c.sampleMean += t / n;
    // The idle check alone: one pread of /proc/PID/task/TID/stat per thread and sample.
    times.clear();
    ThreadStates states(reader.pid());
    for (int i = 0; i < n; ++i) {
        const double t0 = nowSeconds();
        (void)states.state(uint64_t(reader.pid()));
        times.push_back((nowSeconds() - t0) * 1e6);
    }
    c.stateMedian = median(times);
    return c;
}

struct RateResult {
    double requestedHz = 0, takenPerSecond = 0, share = 0, meanSampleUs = 0;
};

RateResult runAtRate(std::unique_ptr<StackReader>& reader, double rate, double seconds) {
    SamplerOptions options;
    options.rateHz = rate;
    options.durationNs = int64_t(seconds * 1e9);
    SamplingSession session(std::move(reader), options);
    (void)session.start();
    session.wait(std::chrono::milliseconds(int(seconds * 1000) + 10000));
    session.stop();
    const SamplerStats s = session.stats();
    RateResult r;
    r.requestedHz = rate;
    const double secs = double(session.profile().metadata().durationNs) / 1e9;
    r.takenPerSecond = double(s.taken) / secs;
    r.share = s.requested ? double(s.taken) / double(s.requested) : 0;
    r.meanSampleUs = s.taken > 1 ? double(s.busyNs) / double(s.taken - 1) / 1e3 : 0;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const bool all = argc > 1 && std::strcmp(argv[1], "--all") == 0;
    const bool austin = haveAustin();
    std::printf("# cost of one sample (µs): median / mean, back to back%s\n",
                austin ? "; Austin 4.0 mean on the same process"
                       : " (Austin not found: set AUSTIN=path)");
    std::printf("%-12s %5s  %15s  %15s  %6s  %12s  %s\n", "python", "depth", "read med/mean",
                "sample med/mean", "/proc", "austin mean", "spyglass/austin (means)");
    for (const Python& py : benchInterpreters(all)) {
        for (int depth : {6, 50, 150}) {
            DeepTarget t = DeepTarget::start(py, depth, 60);
            if (!t.reader) {
                std::printf("%-12s %5d  (cannot read)\n", py.label.c_str(), depth);
                continue;
            }
            const Cost c = measureCost(*t.reader);
            AustinRun a;
            // Austin 4.0 reads 3.9 and newer.
            const bool austinKnows = py.label.starts_with("3.9") || py.label.starts_with("3.1");
            if (austin && austinKnows)
                a = runAustin({"-i", "100us", "-x", "2", "-p", std::to_string(t.process->pid())});
            char austinText[32] = "-", ratio[32] = "";
            if (a.ok) {
                std::snprintf(austinText, sizeof austinText, "%.1f", a.avgUs);
                std::snprintf(ratio, sizeof ratio, "%.2f", c.sampleMean / a.avgUs);
            }
            std::printf("%-12s %5d  %6.1f / %6.1f  %6.1f / %6.1f  %6.1f  %12s  %s\n",
                        py.label.c_str(), depth, c.readMedian, c.readMean, c.sampleMedian,
                        c.sampleMean, c.stateMedian, austinText, ratio);
            std::fflush(stdout);
        }
    }

    // Sustained rates on Debian's 3.11, 150 frames.
    const Python debian{"3.11 Debian", "/usr/bin/python3.11"};
    if (access(debian.path.c_str(), X_OK) != 0) return 0;
    std::printf("\n# sampling at a requested rate, 150 frames, Debian python3.11, 3 s each\n");
    std::printf("%-10s %12s %12s %14s   %12s %12s %12s\n", "requested", "spy taken/s", "spy share",
                "spy µs/sample", "austin /s", "austin share", "austin µs");
    for (double rate : {100.0, 1000.0, 10000.0, 100000.0, 1e6}) {
        DeepTarget t = DeepTarget::start(debian, 150, 60);
        if (!t.reader) continue;
        const int pid = t.process->pid();
        const RateResult r = runAtRate(t.reader, rate, 3.0);
        AustinRun a;
        if (austin) {
            const long us = std::max(1L, long(1e6 / rate));
            a = runAustin({"-i", std::to_string(us) + "us", "-x", "3", "-p", std::to_string(pid)});
        }
        std::printf(
            "%-10.0f %12.0f %11.1f%% %14.1f   %12.0f %11.1f%% %12.1f\n", rate, r.takenPerSecond,
            100 * r.share, r.meanSampleUs, a.ok ? double(a.samples) / a.seconds : 0.0,
            a.ok ? 100.0 * double(a.samples) / (a.seconds * std::min(rate, 1e6)) : 0.0, a.avgUs);
        std::fflush(stdout);
    }
    return 0;
}
