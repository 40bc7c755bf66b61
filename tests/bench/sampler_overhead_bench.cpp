// What sampling costs the target, and how true its shares are.
//
//   sampler_overhead_bench [ROUNDS]
//
// Slowdown: a fixed CPU-bound Python job (a pure-Python loop, ~1.5 s) times itself with
// perf_counter after a 0.4 s start-up pause; it runs unprofiled, under Spyglass (this program
// attaches a SamplingSession as soon as the interpreter is readable) at 100 Hz, 1 kHz and
// 10 kHz, and under Austin 4.0 (`austin -i 10ms|1ms|100us python job.py`), all on Debian's
// python3.11, in ROUNDS rounds (default 5) that rotate the order. Slowdown = median(profiled) /
// median(unprofiled) − 1.
//
// Accuracy: hot() does 7000 loop iterations and cold() 3000, alternating; sampled at 1 kHz for
// 5 s, hot's share of the samples should be 70 %. The job also times 2000 calls of each
// unprofiled, which gives the true share including the call overhead.
#include <algorithm>
#include <cstring>

#include "core/sampling/sampling_session.h"
#include "sampler_bench_support.h"

using namespace spyglass;
using namespace spyglass::bench;

namespace {

const char* kJob = R"PY(import sys, time
out = sys.argv[1]
time.sleep(0.4)
t0 = time.perf_counter()
s = 0
for i in range(12000000):
    s += i % 7
elapsed = time.perf_counter() - t0
open(out, "w").write("%.6f\n" % elapsed)
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

double runJobUnderSpyglass(const Python& py, const std::string& job, const std::string& out, double rate) {
    auto p = LaunchedProcess::spawn({py.path, job, out});
    if (!p) return -1;
    if (rate > 0) {
        auto reader = (*p)->waitForInterpreter(std::chrono::seconds(20));
        if (!reader) return -1;
        SamplerOptions options;
        options.rateHz = rate;
        SamplingSession session(std::move(*reader), options);
        (void)session.start();
        while (!session.wait(std::chrono::milliseconds(20))) {
        }
        session.stop();
    }
    while (!(*p)->hasExited()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return readNumber(out);
}

double runJobUnderAustin(const Python& py, const std::string& job, const std::string& out, double rate) {
    const long us = long(1e6 / rate);
    (void)runAustin({"-i", std::to_string(us) + "us", py.path, job, out});
    return readNumber(out);
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const Python debian{"3.11 Debian", "/usr/bin/python3.11"};
    const std::string job = writeTemp("job.py", kJob), out = "/tmp/spyglass-bench-job.out";
    struct Condition {
        std::string name;
        bool austin;
        double rate;
        std::vector<double> times;
    };
    std::vector<Condition> conditions = {{"unprofiled", false, 0, {}},
                                         {"spyglass 100 Hz", false, 100, {}},
                                         {"spyglass 1 kHz", false, 1000, {}},
                                         {"spyglass 10 kHz", false, 10000, {}}};
    if (haveAustin())
        for (double r : {100.0, 1000.0, 10000.0})
            conditions.push_back({"austin " + std::string(r < 1000 ? "100 Hz" : r < 10000 ? "1 kHz" : "10 kHz"), true, r, {}});
    std::printf("# slowdown of a CPU-bound job (Debian python3.11), %d rounds\n", rounds);
    for (int round = 0; round < rounds; ++round) {
        for (size_t k = 0; k < conditions.size(); ++k) {
            Condition& c = conditions[(k + size_t(round)) % conditions.size()];
            const double t = c.austin ? runJobUnderAustin(debian, job, out, c.rate)
                                      : runJobUnderSpyglass(debian, job, out, c.rate);
            if (t > 0) c.times.push_back(t);
        }
        std::fprintf(stderr, "round %d done\n", round + 1);
    }
    const double base = median(conditions[0].times);
    std::printf("%-18s %10s %10s %10s\n", "condition", "median s", "slowdown", "runs");
    for (const Condition& c : conditions)
        std::printf("%-18s %10.3f %9.1f%% %10zu\n", c.name.c_str(), median(c.times),
                    100.0 * (median(c.times) / base - 1.0), c.times.size());

    std::printf("\n# accuracy: share of hot() (70 %% of the loop iterations), 1 kHz for 5 s\n");
    std::printf("%-12s %10s %10s %10s %12s\n", "python", "samples", "measured", "true", "|measured-70|");
    const std::string share = writeTemp("share.py", kShare);
    for (const Python& py : benchInterpreters(false)) {
        // The true share, unprofiled.
        auto cal = LaunchedProcess::spawn({py.path, share, "0", out});
        if (!cal) continue;
        while (!(*cal)->hasExited()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
