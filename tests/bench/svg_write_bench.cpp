// Writes an SVG flamegraph of two 100,000-frame profiles and, as the baseline in the same run,
// the same profiles as folded stacks (the cheapest text export we have). Medians of 5 runs.
//   deep: 1,000 distinct 100-frame stacks of equal weight: 100,000 call-tree nodes, every one
//         at least 0.1% wide, so all 100,000 boxes are drawn (the writer's worst case);
//   wide: 100,000 leaves under a 10-way tree 5 levels deep (111,110 nodes), where the 0.1%
//         rule merges the narrow ones.
// usage: svg_write_bench
// prints one line per profile: svg_write profile=P nodes=N boxes=B svg_seconds=S svg_mb=M
//        collapsed_seconds=C ratio=S/C
#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"
#include "core/query/call_tree.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace spyglass;

namespace {

std::unique_ptr<Profile> deepProfile() {
    auto p = std::make_unique<Profile>();
    const ThreadIndex t = p->addThread(1, "main");
    std::vector<FrameId> stack;
    for (int chain = 0; chain < 1000; ++chain) {
        stack.clear();
        for (int d = 0; d < 100; ++d) {
            const std::string name =
                "module_" + std::to_string(chain) + ".function_" + std::to_string(d);
            const std::string file = "/srv/app/src/package_" + std::to_string(chain % 40) +
                                     "/mod_" + std::to_string(chain) + ".py";
            stack.push_back(p->internFrame(p->internFunction(name, file), uint32_t(10 + d)));
        }
        p->appendSample(chain, t, p->internStack(stack), 100);
    }
    return p;
}

std::unique_ptr<Profile> wideProfile() {
    auto p = std::make_unique<Profile>();
    const ThreadIndex t = p->addThread(1, "main");
    std::vector<FrameId> level[5];
    for (int d = 0; d < 5; ++d)
        for (int i = 0; i < 10; ++i)
            level[d].push_back(p->internFrame(
                p->internFunction("level" + std::to_string(d) + "_function_" + std::to_string(i),
                                  "/usr/lib/python3.11/json/decoder.py"),
                uint32_t(100 + i)));
    std::vector<FrameId> stack(5);
    for (int i = 0; i < 100000; ++i) {
        int k = i;
        for (int d = 4; d >= 0; --d, k /= 10)
            stack[size_t(d)] = level[d][size_t(k % 10)];
        p->appendSample(i, t, p->internStack(stack), 1 + i % 5);
    }
    return p;
}

template <typename F>
double medianSeconds(F&& f) {
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        runs.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(runs.begin(), runs.end());
    return runs[2];
}

void run(const char* name, const Profile& p) {
    const size_t nodes = buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown).size() - 1;
    std::string svg, collapsed;
    const double svgSeconds = medianSeconds([&] {
        svg.clear();
        auto sink = OutputSink::toString(&svg);
        if (!writeSvgFlamegraph(p, *sink, WriteOptions{})) std::abort();
    });
    const double collapsedSeconds = medianSeconds([&] {
        collapsed.clear();
        auto sink = OutputSink::toString(&collapsed);
        if (!writeCollapsed(p, *sink, WriteOptions{})) std::abort();
    });
    size_t boxes = 0;
    for (size_t at = 0; (at = svg.find("<g data-s=", at)) != std::string::npos; ++at)
        ++boxes;
    std::printf("svg_write profile=%s nodes=%zu boxes=%zu svg_seconds=%.3f svg_mb=%.1f "
                "collapsed_seconds=%.3f ratio=%.2f\n",
                name, nodes, boxes, svgSeconds, double(svg.size()) / 1e6, collapsedSeconds,
                svgSeconds / collapsedSeconds);
}

} // namespace

int main() {
    run("deep", *deepProfile());
    run("wide", *wideProfile());
    return 0;
}
