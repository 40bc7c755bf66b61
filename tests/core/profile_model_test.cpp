#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "core/model/package_classifier.h"
#include "core/model/profile.h"
#include "core/query/call_tree.h"
#include "core/test_profiles.h"

using namespace spyglass;

TEST(ProfileModel, InterningIsStable) {
    Profile p;
    const FunctionId f = p.internFunction("work", "/srv/app.py");
    EXPECT_EQ(p.internFunction("work", "/srv/app.py"), f);
    EXPECT_NE(p.internFunction("work", "/srv/other.py"), f);
    EXPECT_NE(p.internFunction("work", "/srv/app.py", FrameKind::Native), f);
    const FrameId a = p.internFrame(f, 10);
    EXPECT_EQ(p.internFrame(f, 10), a);
    EXPECT_NE(p.internFrame(f, 11), a);
    const std::vector<FrameId> stack{a, p.internFrame(f, 11)};
    const StackId s = p.internStack(stack);
    EXPECT_EQ(p.internStack(stack), s);
    std::vector<FrameId> back;
    p.stackFrames(s, back);
    EXPECT_EQ(back, stack);
    EXPECT_EQ(p.stack(s).depth, 2u);
}

TEST(ProfileModel, SamplesCarryAllMetricsFlagsAndThreads) {
    Profile p({{"cpu", MetricUnit::Samples}, {"alloc", MetricUnit::Bytes}});
    const ThreadIndex t = p.addThread(4242, "MainThread");
    const StackId s = p.internStack(std::vector<FrameId>{p.internFrame(p.internFunction("f", "f.py"), 1)});
    const int64_t w[] = {1, 4096};
    p.appendSample(SampleInput{123, t, s, kSampleHoldsGil, w});
    ASSERT_EQ(p.sampleCount(), 1u);
    EXPECT_EQ(p.sampleTime(0), 123);
    EXPECT_EQ(p.sampleWeight(0, 1), 4096);
    EXPECT_EQ(p.sampleFlags(0), kSampleHoldsGil);
    EXPECT_EQ(p.metricIndex("alloc"), 1u);
    EXPECT_EQ(p.str(p.thread(t).name), "MainThread");
    p.renameThread(t, "Worker");
    EXPECT_EQ(p.str(p.thread(t).name), "Worker");
    EXPECT_EQ(p.threadById(4242), t);
}

TEST(PackageClassifier, TellsUserStdlibThirdPartyAndNative) {
    auto c = [](std::string_view file, FrameKind k = FrameKind::Python) { return classifyPackage(file, k); };
    EXPECT_EQ(c("/usr/lib/python3.11/json/decoder.py").module, "json.decoder");
    EXPECT_EQ(c("/usr/lib/python3.11/json/decoder.py").category, PackageCategory::StandardLibrary);
    EXPECT_EQ(c("/root/.pyenv/versions/3.12.1/lib/python3.12/threading.py").package, "threading");
    EXPECT_EQ(c("/venv/lib/python3.12/site-packages/numpy/core/_methods.py").module, "numpy.core._methods");
    EXPECT_EQ(c("/venv/lib/python3.12/site-packages/numpy/core/_methods.py").category,
              PackageCategory::ThirdParty);
    EXPECT_EQ(c("/usr/lib/python3/dist-packages/requests/__init__.py").module, "requests");
    EXPECT_EQ(c("<frozen importlib._bootstrap>").category, PackageCategory::StandardLibrary);
    EXPECT_EQ(c("/srv/demo/app.py").category, PackageCategory::User);
    EXPECT_EQ(c("/srv/demo/app.py").module, "app");
    EXPECT_EQ(c("/lib/x86_64-linux-gnu/libc.so.6", FrameKind::Native).category, PackageCategory::Native);
    EXPECT_EQ(c("", FrameKind::Idle).category, PackageCategory::Idle);
}

// The live views query while the sampler appends: a reader must always see a consistent prefix.
TEST(ProfileModel, QueriesRunOnSnapshotsWhileSamplesAreAppended) {
    Profile p;
    const ThreadIndex t = p.addThread(1, "main");
    std::vector<FrameId> frames;
    for (int i = 0; i < 50; ++i)
        frames.push_back(p.internFrame(p.internFunction("f" + std::to_string(i), "app.py"), i + 1));
    std::atomic<bool> done{false};
    std::thread writer([&] {
        std::mt19937 rng(7);
        for (int i = 0; i < 200000; ++i) {
            const size_t depth = 1 + rng() % frames.size();
            std::vector<FrameId> stack(frames.begin(), frames.begin() + depth);
            stack.push_back(p.internFrame(p.internFunction("leaf" + std::to_string(rng() % 3000), "x.py"), 1));
            p.appendSample(i, t, p.internStack(stack), 1);
        }
        done = true;
    });
    size_t queries = 0;
    while (!done || queries < 3) {
        const ProfileSnapshot snap = ProfileSnapshot::of(p);
        const CallTree tree = buildCallTree(snap, {}, TreeKind::TopDown);
        ASSERT_EQ(tree.totalWeight(), static_cast<int64_t>(snap.samples));
        ++queries;
    }
    writer.join();
    EXPECT_EQ(p.sampleCount(), 200000u);
}

// A million samples over 100,000 distinct stacks must stay well under 100 MB.
TEST(ProfileModel, MillionSamplesFitInUnder100MB) {
    Profile p;
    const ThreadIndex t = p.addThread(1, "main");
    std::mt19937 rng(42);
    std::vector<FunctionId> functions;
    for (int i = 0; i < 5000; ++i)
        functions.push_back(p.internFunction("module.Class.method_" + std::to_string(i),
                                             "/srv/project/pkg/module_" + std::to_string(i % 300) + ".py"));
    // Stacks as a program makes them: walks through a call graph where each function calls a few
    // others from a few call sites, so stacks share prefixes and frames repeat.
    std::vector<StackId> stacks;
    std::vector<FrameId> frames;
    while (stacks.size() < 100000) {
        frames.clear();
        const size_t depth = 5 + rng() % 36;
        size_t f = rng() % 8;
        for (size_t d = 0; d < depth; ++d) {
            const size_t site = rng() % 4;
            frames.push_back(p.internFrame(functions[f], static_cast<uint32_t>(10 + site * 7 + f % 13)));
            f = (f * 31 + site * 977 + 1 + rng() % 3) % functions.size();
        }
        stacks.push_back(p.internStack(frames));
    }
    for (int i = 0; i < 1000000; ++i) p.appendSample(i * 1000, t, stacks[rng() % stacks.size()], 1);
    EXPECT_EQ(p.sampleCount(), 1000000u);
    EXPECT_LT(p.memoryBytes(), 100u * 1024 * 1024) << "model bytes: " << p.memoryBytes();
    std::printf("model: %zu stacks nodes, %.1f MB\n", p.stackCount(), p.memoryBytes() / 1048576.0);
}
