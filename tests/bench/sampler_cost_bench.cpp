// The cost of one sample against stack depth, the highest sustained rate, and the share of the
// requested samples taken at 100 Hz, 1 kHz and 10 kHz; Austin measured beside, same target.
//
//   sampler_cost_bench [--all | --only V,V...]   (--all: every interpreter, not only 3.8,
//   3.10–3.13, Debian 3.11; --only: these versions' cost rows, without the rates)
//
// Cost of one sample: the target's main thread spins at the bottom of a stack of 6, 50 or 150
// frames. "read" is StackReader::readStacks alone; "sample" is Sampler::sampleOnce (read, idle
// state from /proc, names, interning into the profile), both back to back after 200 warm-up
// samples, verification on, 4000 times in each of two modes alternated in blocks of 100 so both
// see the same load: A verifies by a separate re-read after the walk (two process_vm_readv a
// sample, as before), B with the second copy in the prefetch call (one); median in µs, the change
// in parentheses, and syscalls per read. "paced" is sampleOnce (B) again, 4000 times, one every
// 100 µs (sleeping in between, as Austin does): on a loaded machine a program that never sleeps is
// preempted in the middle of far more of its samples than one that naps between them, so only the
// paced mean compares with Austin's. Austin: `austin -i 100us -x 1 -p PID` on the same process
// after each of three paced blocks of 1333 samples, its own mean sampling time ("sampling"
// metadata: min,avg,max); "austin mean" is the median of the three, "paced/austin" the median of
// the three blocks' ratios (paced mean / that round's Austin mean), with their range.
// At full speed, the issue's own measure of Austin's time (1 / the rate it reaches at its
// fastest): each paced round is followed by 1333 sampleOnce calls back to back and then
// `austin -i 1us -x 1` (it never sleeps: a sample takes longer than 1 µs). "fast mean" is our mean
// over those blocks, "austin fast" Austin's wall time a sample (its duration / its sample count:
// its own mean, which leaves out writing the sample, is printed after the slash), "fast/austin" the
// median of the rounds' ratios of the two wall times, with their range.
//
// Rates: a SamplingSession at 100 Hz … 1 MHz for 3 s on the 150-frame Debian 3.11 target; taken/s,
// share of the ticks that came due, mean wall time in sampleOnce, and "CPU µs": the CPU time this
// process used per sample taken (getrusage; the main thread only waits), so 1e6 / CPU µs is the
// rate one free core would sustain, whatever the load on the machine leaves the sampler.
#include "core/cpython/python_stack_reader.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling_session.h"
#include "sampler_bench_support.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <sys/prctl.h>
#include <sys/resource.h>

using namespace spyglass;
using namespace spyglass::bench;

namespace {

struct Stats {
    double median = 0, mean = 0;
};

Stats stats(const std::vector<double>& times) {
    Stats st{median(times), 0};
    for (double t : times)
        st.mean += t / double(times.size());
    return st;
}

// Verification as before (a separate re-read after the walk) = A, in the prefetch call = B.
struct Cost {
    Stats readA, readB, sampleA, sampleB, paced;
    double callsA = 0, callsB = 0; // memory syscalls per read
    double stateMedian = 0;
    std::vector<double> austinUs, ratios; // Austin's mean and paced mean / it, per round
    Stats fast;                           // sampleOnce back to back, over the full-speed blocks
    std::vector<double> austinFastUs, austinFastOwnUs, fastRatios; // the same at full speed
};

// What Austin measured in one round (zeros: it did not run).
struct AustinRound {
    double pacedMeanUs = 0;   // its own mean at -i 100us
    double fastWallUs = 0;    // its duration / samples at -i 1us
    double fastOwnMeanUs = 0; // its own mean at -i 1us
};

constexpr int kPacedRounds = 3;

// 4000 timed calls of `step` in each mode, in alternating blocks of 100 (so both see the same
// load).
template <typename Step>
void alternate(cpython::PythonStackReader& reader, Step step, Stats& a, Stats& b,
               double* callsA = nullptr, double* callsB = nullptr) {
    const int blocks = 40, block = 100;
    std::vector<double> times[2];
    uint64_t calls[2] = {0, 0};
    for (int k = 0; k < 2 * blocks; ++k) {
        const int mode = k % 2;
        reader.setInlineVerification(mode == 1);
        for (int i = 0; i < 5; ++i) // the mode's plan settles
            step();
        const uint64_t c0 = reader.memory().syscalls();
        for (int i = 0; i < block; ++i) {
            const double t0 = nowSeconds();
            step();
            times[mode].push_back((nowSeconds() - t0) * 1e6);
        }
        calls[mode] += reader.memory().syscalls() - c0;
    }
    reader.setInlineVerification(true);
    a = stats(times[0]);
    b = stats(times[1]);
    if (callsA) *callsA = double(calls[0]) / double(times[0].size());
    if (callsB) *callsB = double(calls[1]) / double(times[1].size());
}

// `austinRun(fast)` runs Austin on the target, at -i 100us or flat out (see the header), and
// returns what it measured (zeros: no Austin).
Cost measureCost(StackReader& base, const std::function<AustinRound(bool fast)>& austinRun) {
    auto& reader = dynamic_cast<cpython::PythonStackReader&>(base);
    Cost c;
    Profile profile;
    std::vector<ThreadStack> stacks;
    const int warm = 200, n = 4000;
    for (int i = 0; i < warm; ++i)
        (void)reader.readStacks(profile, stacks);
    alternate(
        reader, [&] { (void)reader.readStacks(profile, stacks); }, c.readA, c.readB, &c.callsA,
        &c.callsB);
    SamplerOptions options;
    Sampler sampler(reader, profile, options);
    int64_t tick = 0;
    for (int i = 0; i < warm; ++i)
        (void)sampler.sampleOnce(tick++);
    alternate(
        reader, [&] { (void)sampler.sampleOnce(tick++); }, c.sampleA, c.sampleB);
    // One every 100 µs, as Austin -i 100us, in kPacedRounds blocks with Austin run on the same
    // process after each (`austinRun`), so that a disturbed stretch of the machine meets both
    // tools about as often: the ratio is the median of the rounds' ratios. Each round then does
    // the same back to back, against Austin flat out.
    std::vector<double> times, round, fastTimes;
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    // A block of n / kPacedRounds samples into `round`, napping 100 µs after each when `paced`.
    auto block = [&](bool paced, std::vector<double>& all) {
        round.clear();
        for (int i = 0; i < n / kPacedRounds; ++i) {
            const double t0 = nowSeconds();
            (void)sampler.sampleOnce(tick++);
            round.push_back((nowSeconds() - t0) * 1e6);
            if (paced)
                std::this_thread::sleep_until(std::chrono::steady_clock::now() +
                                              std::chrono::microseconds(100));
        }
        all.insert(all.end(), round.begin(), round.end());
    };
    for (int r = 0; r < kPacedRounds; ++r) {
        block(true, times);
        if (const AustinRound a = austinRun(false); a.pacedMeanUs > 0) {
            c.austinUs.push_back(a.pacedMeanUs);
            c.ratios.push_back(stats(round).mean / a.pacedMeanUs);
        }
        block(false, fastTimes);
        if (const AustinRound a = austinRun(true); a.fastWallUs > 0) {
            c.austinFastUs.push_back(a.fastWallUs);
            c.austinFastOwnUs.push_back(a.fastOwnMeanUs);
            c.fastRatios.push_back(stats(round).mean / a.fastWallUs);
        }
    }
    c.paced = stats(times);
    c.fast = stats(fastTimes);
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
    double cpuUsPerSample = 0; // CPU time of this process (the sampler thread; main only waits)
};

double processCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

RateResult runAtRate(std::unique_ptr<StackReader>& reader, double rate, double seconds) {
    SamplerOptions options;
    options.rateHz = rate;
    options.durationNs = int64_t(seconds * 1e9);
    SamplingSession session(std::move(reader), options);
    const double cpu0 = processCpuSeconds();
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
    r.cpuUsPerSample = s.taken ? (processCpuSeconds() - cpu0) * 1e6 / double(s.taken) : 0;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const bool all = argc > 1 && std::strcmp(argv[1], "--all") == 0;
    // --only 3.9,3.10: those interpreters (as labelled) and nothing else.
    const std::string only =
        argc > 2 && std::strcmp(argv[1], "--only") == 0 ? "," + std::string(argv[2]) + "," : "";
    const bool austin = haveAustin();
    std::printf("# cost of one sample (µs): median / mean, back to back%s\n",
                austin ? "; Austin's mean on the same process"
                       : " (Austin not found: set AUSTIN=path)");
    std::printf("%-12s %5s  %19s %9s  %19s %15s  %15s %6s  %11s  %-18s  %6s  %12s  %s\n", "python",
                "depth", "read med A -> B", "calls", "sample med A -> B", "means A -> B",
                "paced med/mean", "/proc", "austin mean", "paced/austin", "fast", "austin fast",
                "fast/austin (range)");
    for (const Python& py : benchInterpreters(all || !only.empty())) {
        if (!only.empty() && only.find("," + py.label + ",") == std::string::npos) continue;
        for (int depth : {6, 50, 150}) {
            DeepTarget t = DeepTarget::start(py, depth, 60);
            if (!t.reader) {
                std::printf("%-12s %5d  (cannot read)\n", py.label.c_str(), depth);
                continue;
            }
            const std::string pid = std::to_string(t.process->pid());
            // Where Austin cannot read a version (4.0: before 3.9; 3.7: after 3.12) it reports
            // nothing, and the column says "-".
            const Cost c = measureCost(*t.reader, [&](bool fast) {
                AustinRound round;
                if (!austin) return round;
                const AustinRun a = runAustin({"-i", fast ? "1us" : "100us", "-x", "1", "-p", pid});
                if (!a.ok || a.samples == 0) return round;
                if (!fast)
                    round.pacedMeanUs = a.avgUs;
                else {
                    round.fastWallUs = a.seconds * 1e6 / double(a.samples);
                    round.fastOwnMeanUs = a.avgUs;
                }
                return round;
            });
            auto ratioText = [](const std::vector<double>& r) {
                char text[48] = "";
                if (!r.empty())
                    std::snprintf(text, sizeof text, "%.2f (%.2f-%.2f)", median(r),
                                  *std::min_element(r.begin(), r.end()),
                                  *std::max_element(r.begin(), r.end()));
                return std::string(text);
            };
            char austinText[32] = "-", austinFastText[32] = "-";
            if (!c.austinUs.empty())
                std::snprintf(austinText, sizeof austinText, "%.1f", median(c.austinUs));
            if (!c.austinFastUs.empty())
                std::snprintf(austinFastText, sizeof austinFastText, "%.1f / %.0f",
                              median(c.austinFastUs), median(c.austinFastOwnUs));
            std::printf(
                "%-12s %5d  %6.1f -> %5.1f (%3.0f%%) %3.1f/%3.1f  %6.1f -> %5.1f (%3.0f%%) %6.1f "
                "-> %5.1f  "
                "%6.1f / %5.1f %6.1f  %11s  %-18s  %6.1f  %12s  %s\n",
                py.label.c_str(), depth, c.readA.median, c.readB.median,
                100 * (c.readB.median / c.readA.median - 1), c.callsA, c.callsB, c.sampleA.median,
                c.sampleB.median, 100 * (c.sampleB.median / c.sampleA.median - 1), c.sampleA.mean,
                c.sampleB.mean, c.paced.median, c.paced.mean, c.stateMedian, austinText,
                ratioText(c.ratios).c_str(), c.fast.mean, austinFastText,
                ratioText(c.fastRatios).c_str());
            std::fflush(stdout);
        }
    }

    if (!only.empty()) return 0;
    // Sustained rates on Debian's 3.11, 150 frames.
    const Python debian{"3.11 Debian", "/usr/bin/python3.11"};
    if (access(debian.path.c_str(), X_OK) != 0) return 0;
    std::printf("\n# sampling at a requested rate, 150 frames, Debian python3.11, 3 s each\n");
    std::printf("%-10s %12s %12s %14s %14s   %12s %12s %12s\n", "requested", "spy taken/s",
                "spy share", "spy µs/sample", "spy CPU µs", "austin /s", "austin share",
                "austin µs");
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
        std::printf("%-10.0f %12.0f %11.1f%% %14.1f %14.1f   %12.0f %11.1f%% %12.1f\n", rate,
                    r.takenPerSecond, 100 * r.share, r.meanSampleUs, r.cpuUsPerSample,
                    a.ok ? double(a.samples) / a.seconds : 0.0,
                    a.ok ? 100.0 * double(a.samples) / (a.seconds * std::min(rate, 1e6)) : 0.0,
                    a.avgUs);
        std::fflush(stdout);
    }
    return 0;
}
