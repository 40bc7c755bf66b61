// Profile model and queries at scale: 1,000,000 samples over 100,000 distinct stacks.
// Measures building the model, its resident memory, and each query the views run on a refresh.
#include <cstdio>
#include <random>

#include "bench_util.h"
#include "core/model/profile.h"
#include "core/query/call_tree.h"
#include "core/query/function_stats.h"

using namespace spyglass;
using namespace spyglass::bench;

int main() {
    const double rssBefore = rssMiB();
    const double t0 = nowSeconds();
    Profile p;
    const ThreadIndex t = p.addThread(1, "MainThread");
    std::mt19937 rng(42);
    std::vector<FunctionId> functions;
    for (int i = 0; i < 5000; ++i)
        functions.push_back(p.internFunction("module.Class.method_" + std::to_string(i),
                                             "/home/user/project/pkg/module_" + std::to_string(i % 300) + ".py"));
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
    for (int i = 0; i < 1000000; ++i) p.appendSample(i * 1000000LL, t, stacks[rng() % stacks.size()], 1);
    const double buildSeconds = nowSeconds() - t0;
    const double rssModel = rssMiB() - rssBefore;

    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    const double topDown = medianSeconds(5, [&] { buildCallTree(snap, {}, TreeKind::TopDown); });
    const double bottomUp = medianSeconds(5, [&] { buildCallTree(snap, {}, TreeKind::BottomUp); });
    const double stats = medianSeconds(5, [&] { computeFunctionStats(snap, {}); });
    SampleFilter half;
    half.timeBegin = 0;
    half.timeEnd = 500000 * 1000000LL;
    const double filtered = medianSeconds(5, [&] { buildCallTree(snap, half, TreeKind::TopDown); });

    std::printf("model: %zu samples, %zu stack nodes, %zu frames\n", p.sampleCount(), p.stackCount(),
                p.frameCount());
    std::printf("build: %.3f s   model estimate: %.1f MiB   RSS growth: %.1f MiB   peak RSS: %.1f MiB\n",
                buildSeconds, p.memoryBytes() / 1048576.0, rssModel, peakRssMiB());
    std::printf("median of 5: top-down %.1f ms, bottom-up %.1f ms, function stats %.1f ms, "
                "top-down over half the time %.1f ms\n",
                topDown * 1e3, bottomUp * 1e3, stats * 1e3, filtered * 1e3);
    return 0;
}
