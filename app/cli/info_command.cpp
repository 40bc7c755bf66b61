#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/read_warnings.h"
#include "core/formats/profile_io.h"
#include "core/query/function_stats.h"
#include "core/query/profile_summary.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace spyglass::cli {

namespace {

std::string describeFunction(const Profile& p, FunctionId f) {
    std::string s(p.functionName(f));
    if (!p.functionFile(f).empty()) s += " (" + std::string(p.functionFile(f)) + ")";
    return s;
}

void printTop(const Profile& p, const FunctionStats& stats, bool bySelf, size_t count) {
    std::vector<FunctionStat> sorted = stats.functions;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
        return bySelf ? a.self > b.self : a.total > b.total;
    });
    std::printf("\nheaviest by %s:\n  %12s %7s  %s\n", bySelf ? "self" : "total", "weight", "share",
                "function");
    for (size_t i = 0; i < sorted.size() && i < count; ++i) {
        const int64_t w = bySelf ? sorted[i].self : sorted[i].total;
        if (w == 0) break;
        const double pct = stats.totalWeight ? 100.0 * double(w) / double(stats.totalWeight) : 0.0;
        std::printf("  %12lld %6.2f%%  %s\n", static_cast<long long>(w), pct,
                    describeFunction(p, sorted[i].function).c_str());
    }
}

} // namespace

int infoCommand(int argc, char** argv, int first) {
    ArgParser args("info", "FILE",
                   "Prints a profile's samples, duration and threads, and its ten\n"
                   "heaviest functions by self and by total weight.");
    args.add({"top", 'n', true, "N", "how many functions to list (default 10)"});
    if (!args.parse(argc, argv, first)) {
        std::fprintf(stderr, "spyglass info: %s\n%s", args.error().c_str(),
                     args.helpText().c_str());
        return 2;
    }
    if (args.helpRequested()) {
        std::fputs(args.helpText().c_str(), stdout);
        return 0;
    }
    if (args.positionals().size() != 1) {
        std::fprintf(stderr, "spyglass info: need one profile file\n%s", args.helpText().c_str());
        return 2;
    }
    size_t top = 10;
    if (auto n = args.value("top")) {
        try {
            top = std::stoul(*n);
        } catch (...) {
            std::fprintf(stderr, "spyglass info: --top needs a number, not '%s'\n", n->c_str());
            return 2;
        }
    }
    auto loaded = readProfileFile(args.positionals()[0], warningsToStderr("info"));
    if (!loaded) {
        std::fprintf(stderr, "spyglass info: %s\n", loaded.error().message.c_str());
        return 1;
    }
    const Profile& p = **loaded;
    const ProfileSummary s = summarizeProfile(ProfileSnapshot::of(p));
    const ProfileMetadata meta = p.metadata();
    std::printf("file:      %s (%s)\n", args.positionals()[0].c_str(), meta.sourceFormat.c_str());
    std::printf("samples:   %zu (total %s %lld)\n", s.samples, p.metrics()[0].name.c_str(),
                static_cast<long long>(s.totalWeight));
    std::printf("duration:  %.3f s\n", double(s.durationNs) / 1e9);
    std::printf("threads:   %zu\n", p.threadCount());
    for (ThreadIndex t = 0; t < p.threadCount(); ++t) {
        const ThreadInfo ti = p.thread(t);
        std::printf("  %-10llu %-24s %zu samples\n", static_cast<unsigned long long>(ti.id),
                    std::string(p.str(ti.name)).c_str(), s.samplesPerThread[t]);
    }
    if (!meta.pythonVersion.empty()) std::printf("python:    %s\n", meta.pythonVersion.c_str());
    if (!meta.commandLine.empty()) std::printf("command:   %s\n", meta.commandLine.c_str());
    if (meta.samplingRateHz > 0) std::printf("rate:      %g Hz\n", meta.samplingRateHz);
    const FunctionStats stats = computeFunctionStats(ProfileSnapshot::of(p), {});
    printTop(p, stats, true, top);
    printTop(p, stats, false, top);
    return 0;
}

} // namespace spyglass::cli
