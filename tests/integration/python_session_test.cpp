// SamplingSession (the API the GUI drives) on real Python processes of every interpreter: the share
// of a function known to do 70 % of the work, --gil, --idle and --function.
#include "core/sampling/sampling_session.h"
#include "integration/profile_probe.h"
#include "integration/python_targets.h"
#include "integration/workloads.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::chrono_literals;

namespace {

class PythonSession : public ::testing::TestWithParam<Interpreter> {
  protected:
    // Starts `program`, then records it for `seconds` with `options`.
    std::shared_ptr<Profile> record(const std::string& program, SamplerOptions options,
                                    double seconds, SamplerStats* statsOut = nullptr) {
        script_ = dir_.write("workload.py", program);
        target_ = std::make_unique<PythonProcess>(GetParam(), script_, dir_);
        if (!target_->waitReady()) {
            ADD_FAILURE() << "the workload did not start: " << target_->output();
            return std::make_shared<Profile>();
        }
        auto reader = openPythonProcess(target_->pid());
        if (!reader) {
            ADD_FAILURE() << reader.error().message;
            return std::make_shared<Profile>();
        }
        options.durationNs = int64_t(seconds * 1e9);
        SamplingSession session(std::move(*reader), options);
        EXPECT_TRUE(session.start());
        EXPECT_TRUE(session.wait(std::chrono::milliseconds(int(seconds * 1000) + 20'000)));
        session.stop();
        if (statsOut) *statsOut = session.stats();
        return session.sharedProfile();
    }

    TempDir dir_{"session"};
    std::string script_;
    std::unique_ptr<PythonProcess> target_;
};

} // namespace

TEST_P(PythonSession, AFunctionDoingSeventyPercentOfTheWorkGetsSeventyPercent) {
    SamplerOptions options;
    options.rateHz = 400;
    // Three recordings, a new process each, and their median: on a loaded machine the target waits
    // for a CPU in long stretches, every sample of a stretch sees the same stack, and one short
    // recording can land 8–10 points off (seen at load 9). Under the full test run two of three
    // once did (67, 81, 77 % with no torn read, where the same binary gave 69–74 % alone): a median
    // off by more than the tolerance takes two more recordings and the median of five, so a lean of
    // the sampler, which moves every recording, still fails.
    std::vector<double> shares;
    auto median = [&] {
        std::vector<double> sorted = shares;
        std::sort(sorted.begin(), sorted.end());
        return sorted[sorted.size() / 2];
    };
    for (int run = 0; run < 5; ++run) {
        if (run == 3 && std::abs(median() - 70.0) <= 6.0) break;
        target_.reset();
        SamplerStats stats;
        auto profile = record(shareProgram(30), options, 1.5, &stats);
        const ProfileProbe probe{*profile};
        const double hot = double(probe.samplesThrough("hot"));
        const double cold = double(probe.samplesThrough("cold"));
        const double share = 100.0 * hot / (hot + cold);
        std::printf(
            "%s: hot %.0f, cold %.0f samples: %.1f %% (taken %llu of %llu requested, torn %llu)\n",
            GetParam().label.c_str(), hot, cold, share, (unsigned long long)stats.taken,
            (unsigned long long)stats.requested, (unsigned long long)stats.torn);
        ASSERT_GT(hot + cold, 250);
        EXPECT_FALSE(stats.targetExited);
        EXPECT_EQ(stats.errors, 0u) << stats.lastError;
        shares.push_back(share);
    }
    // ~550 samples a run: the standard error is 2 points; the benchmark holds it to 3 with more.
    EXPECT_NEAR(median(), 70.0, 6.0);
}

TEST_P(PythonSession, TheGilHolderIsOnCpuWithoutAProcRead) {
    // One thread spinning in Python holds the GIL at nearly every sample: it is not idle, and its
    // idle check needs no /proc read (a syscall that costs as much as the stack read itself).
    SamplerOptions options;
    options.rateHz = 300;
    SamplerStats stats;
    auto profile = record(shareProgram(30), options, 1.0, &stats);
    ASSERT_GT(stats.taken, 100u);
    size_t idle = 0, holding = 0;
    for (size_t i = 0; i < profile->sampleCount(); ++i) {
        idle += (profile->sampleFlags(i) & kSampleIdle) != 0;
        holding += (profile->sampleFlags(i) & kSampleHoldsGil) != 0;
    }
    std::printf("%s: %llu samples, %zu holding the GIL, %llu /proc reads, %zu idle\n",
                GetParam().label.c_str(), (unsigned long long)stats.taken, holding,
                (unsigned long long)stats.stateReads, idle);
    EXPECT_GT(holding * 10, profile->sampleCount() * 9);
    EXPECT_LT(stats.stateReads * 5, stats.taken);
    EXPECT_LT(idle * 20, profile->sampleCount());
}

TEST_P(PythonSession, GilOnlyKeepsTheThreadThatRuns) {
    SamplerOptions options;
    options.rateHz = 200;
    options.gilOnly = true;
    auto profile = record(sleeperProgram(30), options, 1.0);
    const ProfileProbe probe{*profile};
    ASSERT_GT(profile->sampleCount(), 50u);
    // The sleeper holds the GIL only for the moment it wakes up.
    EXPECT_LE(probe.samplesThrough("sleeper"), 4u);
    EXPECT_GT(probe.samplesThrough("busy"), profile->sampleCount() / 2);
    for (size_t i = 0; i < profile->sampleCount(); ++i)
        ASSERT_TRUE(profile->sampleFlags(i) & kSampleHoldsGil);
}

TEST_P(PythonSession, IdleThreadsAreMarkedAndLeftOutUnlessAsked) {
    SamplerOptions options;
    options.rateHz = 200;
    options.includeIdle = true;
    const std::string program = sleeperProgram(30);
    auto profile = record(program, options, 1.0);
    const ProfileProbe probe{*profile};
    size_t sleeperSamples = 0, sleeperIdle = 0, busySamples = 0, busyIdle = 0;
    for (size_t i = 0; i < profile->sampleCount(); ++i) {
        const std::string thread = probe.threadNameOf(i);
        const bool idle = profile->sampleFlags(i) & kSampleIdle;
        if (thread == "sleeper") {
            ++sleeperSamples;
            sleeperIdle += idle;
        } else if (thread == "MainThread") {
            ++busySamples;
            busyIdle += idle;
        }
    }
    // Asleep but for the moment it wakes up (on a busy machine it may wait for a CPU, in state R).
    EXPECT_GT(sleeperSamples, 100u) << probe.functionList();
    EXPECT_GE(sleeperIdle * 100, sleeperSamples * 95);
    EXPECT_GT(busySamples, 100u);
    EXPECT_LT(busyIdle, busySamples / 5); // the busy thread mostly runs
    EXPECT_EQ(probe.busiestLeafLine("sleeper"), lineOf(program, "# LINE:sleep"));

    target_.reset();
    options.includeIdle = false;
    auto active = record(program, options, 1.0);
    const ProfileProbe activeProbe{*active};
    EXPECT_GT(active->sampleCount(), 100u);
    EXPECT_LE(activeProbe.samplesThrough("sleeper"), 10u);
}

TEST_P(PythonSession, FunctionModeAggregatesByFunction) {
    SamplerOptions options;
    options.rateHz = 200;
    options.lineMode = LineMode::Function;
    const std::string program = shareProgram(30);
    auto profile = record(program, options, 0.8);
    ASSERT_GT(profile->sampleCount(), 50u);
    // py-spy's --function: every frame of a function at the function's first line (co_firstlineno;
    // the module's code starts at line 1), whatever line was running.
    const std::map<std::string, uint32_t> firstLine = {{"hot", lineOf(program, "def hot()")},
                                                       {"cold", lineOf(program, "def cold()")},
                                                       {"<module>", 1}};
    const ProfileProbe probe{*profile};
    std::vector<FrameId> frames;
    std::set<FrameId> framesSeen;
    for (size_t i = 0; i < profile->sampleCount(); ++i) {
        profile->stackFrames(profile->sampleStack(i), frames);
        for (FrameId f : frames) {
            auto expected = firstLine.find(probe.nameOf(f));
            ASSERT_NE(expected, firstLine.end()) << probe.nameOf(f);
            ASSERT_EQ(profile->frame(f).line, expected->second) << probe.nameOf(f);
            framesSeen.insert(f);
        }
    }
    EXPECT_GT(probe.samplesThrough("hot"), 10u);
    EXPECT_GT(probe.samplesThrough("cold"), 3u);
    EXPECT_EQ(framesSeen.size(), 3u); // one frame per function
}

INSTANTIATE_TEST_SUITE_P(Interpreters, PythonSession, ::testing::ValuesIn(findInterpreters()),
                         interpreterLabel);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PythonSession);
