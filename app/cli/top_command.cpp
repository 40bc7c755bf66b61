// `spyglass top`: py-spy's top: a live table of the functions where the target spends its time.
#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/formats/frame_text.h"
#include "core/sampling/recording_target.h"
#include "core/sampling/sampling_session.h"
#include "core/sampling/stop_signal.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace spyglass::cli {

namespace {

constexpr const char* kName = "spyglass top";

// Keys without Enter and without echo while the table is up; restored on every way out.
class RawTerminal {
  public:
    RawTerminal() {
        if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        raw.c_lflag &= ~(ICANON | ECHO);
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~RawTerminal() {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    bool active() const { return active_; }

  private:
    termios saved_{};
    bool active_ = false;
};

// Own and total samples per function: cumulative and since the last refresh.
struct FunctionCounts {
    uint64_t own = 0, total = 0, windowOwn = 0, windowTotal = 0;
};

class TopTable {
  public:
    explicit TopTable(const Profile& p) : profile_(p) {}

    // Takes in the samples recorded since the last call.
    void update() {
        for (auto& [f, c] : counts_)
            c.windowOwn = c.windowTotal = 0;
        windowSamples_ = windowIdle_ = windowGil_ = 0;
        const ProfileSnapshot snap = ProfileSnapshot::of(profile_);
        std::vector<FrameId> frames;
        std::vector<FunctionId> seen;
        for (size_t i = seenSamples_; i < snap.samples; ++i) {
            profile_.stackFrames(profile_.sampleStack(i), frames);
            if (frames.empty()) continue;
            ++windowSamples_;
            ++totalSamples_;
            if (profile_.sampleFlags(i) & kSampleIdle) ++windowIdle_;
            if (profile_.sampleFlags(i) & kSampleHoldsGil) ++windowGil_;
            seen.clear();
            for (FrameId fr : frames) {
                const FunctionId f = profile_.frame(fr).function;
                if (std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
                seen.push_back(f);
                FunctionCounts& c = counts_[f];
                ++c.total;
                ++c.windowTotal;
            }
            FunctionCounts& leaf = counts_[profile_.frame(frames.back()).function];
            ++leaf.own;
            ++leaf.windowOwn;
        }
        seenSamples_ = snap.samples;
        threads_ = snap.threads;
    }

    std::string render(const std::string& title, const SamplerStats& stats, double rateHz,
                       bool fullFilenames, size_t rows) const {
        std::vector<std::pair<FunctionId, FunctionCounts>> sorted(counts_.begin(), counts_.end());
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            if (a.second.windowOwn != b.second.windowOwn)
                return a.second.windowOwn > b.second.windowOwn;
            if (a.second.own != b.second.own) return a.second.own > b.second.own;
            return a.second.total > b.second.total;
        });
        std::string out = title + "\n";
        char line[512];
        auto pct = [](uint64_t part, uint64_t whole) {
            return whole ? 100.0 * double(part) / double(whole) : 0.0;
        };
        std::snprintf(line, sizeof line,
                      "Total Samples %llu   Threads %zu   Active %.0f%%   GIL %.0f%%%s\n\n",
                      (unsigned long long)totalSamples_, threads_,
                      100.0 - pct(windowIdle_, windowSamples_), pct(windowGil_, windowSamples_),
                      stats.fellBehind ? "   (sampling fell behind: lower the rate)" : "");
        out += line;
        out += "  %Own   %Total  OwnTime  TotalTime  Function (filename)\n";
        size_t shown = 0;
        for (const auto& [f, c] : sorted) {
            if (shown++ >= rows) break;
            std::string where(profile_.functionName(f));
            const std::string_view file = profile_.functionFile(f);
            if (!file.empty())
                where += " (" + std::string(fullFilenames ? file : shortenPath(file)) + ")";
            std::snprintf(line, sizeof line, "%6.1f%% %6.1f%% %7.2fs %9.2fs  %s\n",
                          pct(c.windowOwn, windowSamples_), pct(c.windowTotal, windowSamples_),
                          double(c.own) / rateHz, double(c.total) / rateHz, where.c_str());
            out += line;
        }
        return out;
    }

  private:
    const Profile& profile_;
    std::unordered_map<FunctionId, FunctionCounts> counts_;
    size_t seenSamples_ = 0;
    uint64_t totalSamples_ = 0, windowSamples_ = 0, windowIdle_ = 0, windowGil_ = 0;
    size_t threads_ = 0;
};

size_t terminalRows() {
    winsize ws{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 8) return ws.ws_row - 6;
    return 20;
}

// Waits up to `ms` for the recording to end or a key; true when 'q' was pressed.
bool waitForQuit(SamplingSession& session, bool keys, int ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until && !StopSignalGuard::requested() &&
           session.running()) {
        if (!keys) {
            session.wait(std::chrono::milliseconds(50));
            continue;
        }
        pollfd in{STDIN_FILENO, POLLIN, 0};
        if (poll(&in, 1, 50) > 0) {
            char c = 0;
            if (read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q')) return true;
        }
    }
    return false;
}

} // namespace

int topCommand(int argc, char** argv, int first) {
    ArgParser args(
        "top", "[OPTIONS] (-p PID | -- PROGRAM ARGS...)",
        "Shows, refreshed every second, the functions a Python process spends its time in,\n"
        "like py-spy top: %Own/%Total over the last refresh, OwnTime/TotalTime since the\n"
        "start. q or Ctrl-C quits. When the output is not a terminal it prints one table a\n"
        "refresh.");
    args.add({"pid", 'p', true, "PID", "the process to sample"});
    args.add({"rate", 'r', true, "HZ", "samples per second (default 100)"});
    args.add({"delay", 0, true, "SECONDS", "time between refreshes (default 1)"});
    args.add({"idle", 'i', false, "", "include threads that are off CPU"});
    args.add({"gil", 'g', false, "", "only sample the thread holding the GIL"});
    args.add({"full-filenames", 0, false, "", "show whole file paths"});
    args.add({"nonblocking", 0, false, "", "never pause the target (the default)"});
    args.add({"blocking", 0, false, "", "pause the target during each sample (ptrace)"});
    args.add({"native", 'n', false, "", "native (C) frames: not available yet"});
    args.add({"subprocesses", 's', false, "", "also sample child processes: not available yet"});
    auto fail = [&](const std::string& message) {
        std::fprintf(stderr, "%s: %s\n\n%s", kName, message.c_str(), args.helpText().c_str());
        return 2;
    };
    if (!args.parse(argc, argv, first)) return fail(args.error());
    if (args.helpRequested()) {
        std::fputs(args.helpText().c_str(), stdout);
        return 0;
    }
    if (args.has("native")) return fail("--native (native C/C++ frames) is not available yet");
    if (args.has("subprocesses"))
        return fail("--subprocesses (sampling child processes) is not available yet");
    TargetSpec spec;
    if (auto pid = args.value("pid")) {
        auto parsed = parsePid(*pid);
        if (!parsed) return fail(parsed.error().message);
        spec.pid = *parsed;
    }
    spec.argv = args.afterDashDash();
    spec.launch.discardOutput = true; // the program's output would scribble over the table
    if ((spec.pid != 0) == !spec.argv.empty())
        return fail("give either -p PID or -- PROGRAM ARGS...");
    SamplerOptions options;
    double delay = 1.0;
    try {
        if (auto r = args.value("rate")) options.rateHz = std::stod(*r);
        if (auto d = args.value("delay")) delay = std::stod(*d);
    } catch (...) {
        return fail("--rate and --delay need numbers");
    }
    if (!(options.rateHz > 0) || options.rateHz > 1e6 || !(delay > 0))
        return fail("--rate and --delay must be positive");
    options.includeIdle = args.has("idle");
    options.gilOnly = args.has("gil");
    options.blocking = args.has("blocking");

    StopSignalGuard stopOnSignal;
    auto target = openTarget(spec, [] { return StopSignalGuard::requested(); });
    if (!target) {
        std::fprintf(stderr, "%s: %s\n", kName, target.error().message.c_str());
        return 1;
    }
    const int pid = target->reader->pid();
    const std::string version = target->reader->pythonVersion();
    SamplingSession session(std::move(target->reader), options);
    if (auto started = session.start(); !started) {
        std::fprintf(stderr, "%s: %s\n", kName, started.error().message.c_str());
        return 1;
    }
    const bool tty = isatty(STDOUT_FILENO);
    RawTerminal terminal;
    TopTable table(session.profile());
    const std::string title = "Collecting samples from '" + target->commandLine + "' (python v" +
                              version + ", pid " + std::to_string(pid) + ")";
    for (;;) {
        const bool quit = waitForQuit(session, terminal.active(), int(delay * 1000));
        table.update();
        const std::string text =
            table.render(title, session.stats(), options.rateHz, args.has("full-filenames"),
                         tty ? terminalRows() : 25);
        if (tty) std::fputs("\x1b[H\x1b[2J", stdout);
        std::fputs(text.c_str(), stdout);
        if (!tty) std::fputs("\n", stdout);
        std::fflush(stdout);
        if (quit || StopSignalGuard::requested() || !session.running()) break;
    }
    session.stop();
    if (session.stats().targetExited) std::fprintf(stderr, "%s: process %d ended\n", kName, pid);
    return 0;
}

} // namespace spyglass::cli
