// `spyglass record`: py-spy's record, with py-spy's options and meanings, on our sampling engine.
#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"
#include "core/sampling/recording_target.h"
#include "core/sampling/sampling_session.h"
#include "core/sampling/stop_signal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <time.h>
#include <unistd.h>

namespace spyglass::cli {

namespace {

constexpr const char* kName = "spyglass record";

// Whether `path` can be written: the sink writeProfileFile uses, made and dropped uncommitted
// (which leaves nothing behind).
Result<void> probeWritable(const std::string& path) {
    auto sink = OutputSink::toFile(path);
    if (!sink) return sink.error();
    return {};
}

// The output could not be written after all (its folder removed, the disk full): the samples go
// to a file of our own format in the temporary folder rather than being lost.
void rescue(const Profile& profile) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/spyglass-rescue-" +
                             std::to_string(getpid()) + "-" + std::to_string(time(nullptr)) +
                             ".spyglass";
    // Everything, idle samples included: the conversion can still leave them out.
    if (auto saved = writeProfileFile(profile, path, FileFormat::Spyglass, {}); !saved) {
        std::fprintf(stderr, "%s: %s; the recording is lost\n", kName,
                     saved.error().message.c_str());
        return;
    }
    std::fprintf(stderr,
                 "%s: the recording (%zu samples) is saved in %s instead; `spyglass convert` "
                 "writes it in another format\n",
                 kName, profile.sampleCount(), path.c_str());
}

int usageError(const ArgParser& args, const std::string& message) {
    std::fprintf(stderr, "%s: %s\n\n%s", kName, message.c_str(), args.helpText().c_str());
    return 2;
}

std::string_view extensionOf(FileFormat f) {
    switch (f) {
    case FileFormat::Spyglass:
        return ".spyglass";
    case FileFormat::Speedscope:
        return ".json";
    case FileFormat::Collapsed:
        return ".txt";
    default:
        return ".svg";
    }
}

// py-spy's default name: the program's (or pid's) name and the local time.
std::string defaultOutputName(const TargetSpec& spec, FileFormat format) {
    std::string base = spec.argv.empty() ? std::to_string(spec.pid) : spec.argv.back();
    if (auto slash = base.rfind('/'); slash != std::string::npos) base = base.substr(slash + 1);
    char when[32];
    const time_t now = time(nullptr);
    tm local{};
    localtime_r(&now, &local);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &local);
    return base + "-" + when + std::string(extensionOf(format));
}

bool parseSeconds(const std::string& text, double& seconds) {
    if (text == "unlimited") {
        seconds = 0;
        return true;
    }
    try {
        size_t used = 0;
        seconds = std::stod(text, &used);
        return used == text.size() && seconds > 0;
    } catch (...) {
        return false;
    }
}

void printSummary(const Profile& profile, const SamplerStats& s, const std::string& path,
                  FileFormat format, double seconds) {
    const double share = s.requested ? 100.0 * double(s.taken) / double(s.requested) : 0.0;
    std::fprintf(
        stderr,
        "%s: wrote %s (%s): %zu samples of %zu threads over %.2f s\n"
        "  samples requested %llu, taken %llu (%.1f%%), missed %llu, torn %llu, torn reads read "
        "again %llu, errors %llu; max lag %.1f ms, %.1f µs a sample\n",
        kName, path.c_str(), std::string(fileFormatName(format)).c_str(), profile.sampleCount(),
        profile.threadCount(), seconds, (unsigned long long)s.requested,
        (unsigned long long)s.taken, share, (unsigned long long)s.missed,
        (unsigned long long)s.torn, (unsigned long long)s.retried, (unsigned long long)s.errors,
        double(s.maxLagNs) / 1e6, s.taken ? double(s.busyNs) / double(s.taken) / 1e3 : 0.0);
    if (!s.lastError.empty()) std::fprintf(stderr, "  last error: %s\n", s.lastError.c_str());
    if (s.manyReadsTorn())
        std::fprintf(stderr,
                     "  many reads were torn (the target changed during the read), e.g.: %s\n"
                     "  a program of short calls: its shares may lean towards callers and longer "
                     "calls, and a few stacks may show a function under another call's line; "
                     "--blocking pauses it for each sample and reads it exactly\n",
                     s.lastTornReason.c_str());
}

} // namespace

int recordCommand(int argc, char** argv, int first) {
    ArgParser args(
        "record", "[-o FILE] [OPTIONS] (-p PID | -- PROGRAM ARGS...)",
        "Samples the Python stacks of a running process (-p) or of a program it runs, and\n"
        "writes a profile. Ctrl-C stops the recording and still writes the file. The\n"
        "target is read from outside and never stopped, unless --blocking.");
    args.add({"output", 'o', true, "FILE", "file to write (default: <program>-<time>.svg)"});
    args.add({"format", 'f', true, "FORMAT",
              "spyglass, speedscope, collapsed (raw) or svg (flamegraph); default from FILE's "
              "extension"});
    args.add({"pid", 'p', true, "PID", "the process to sample"});
    args.add({"rate", 'r', true, "HZ", "samples per second (default 100)"});
    args.add({"duration", 'd', true, "SECONDS", "stop after this long (default: unlimited)"});
    args.add({"function", 'F', false, "",
              "aggregate by function: every frame at its function's first line"});
    args.add({"nolineno", 0, false, "", "leave line numbers out of the output"});
    args.add(
        {"threads", 't', false, "", "add a frame naming the thread at the root of each stack"});
    args.add({"idle", 'i', false, "", "include samples of threads that are off CPU"});
    args.add({"gil", 'g', false, "", "only sample the thread holding the GIL"});
    args.add(
        {"nonblocking", 0, false, "", "never pause the target (the default; kept for py-spy)"});
    args.add({"blocking", 0, false, "",
              "pause the target during each sample (ptrace) for exact stacks"});
    args.add({"full-filenames", 0, false, "", "write whole file paths, not shortened ones"});
    args.add({"native", 'n', false, "", "native (C) frames: not available yet"});
    args.add({"subprocesses", 's', false, "", "also sample child processes: not available yet"});
    if (!args.parse(argc, argv, first)) return usageError(args, args.error());
    if (args.helpRequested()) {
        std::fputs(args.helpText().c_str(), stdout);
        return 0;
    }
    if (args.has("native"))
        return usageError(args, "--native (native C/C++ frames) is not available yet");
    if (args.has("subprocesses"))
        return usageError(args, "--subprocesses (sampling child processes) is not available yet");
    if (args.has("blocking") && args.has("nonblocking"))
        return usageError(args, "--blocking and --nonblocking contradict each other");
    if (!args.positionals().empty())
        return usageError(args, "unexpected argument '" + args.positionals()[0] +
                                    "'; put the program to run after --");

    TargetSpec spec;
    if (auto pid = args.value("pid")) {
        auto parsed = parsePid(*pid);
        if (!parsed) return usageError(args, parsed.error().message);
        spec.pid = *parsed;
    }
    spec.argv = args.afterDashDash();
    if ((spec.pid != 0) == !spec.argv.empty())
        return usageError(args, "give either -p PID or -- PROGRAM ARGS..., not both or neither");

    SamplerOptions options;
    if (auto rate = args.value("rate")) {
        try {
            size_t used = 0;
            options.rateHz = std::stod(*rate, &used);
            if (used != rate->size() || !(options.rateHz > 0) || options.rateHz > 1e6) throw 0;
        } catch (...) {
            return usageError(args,
                              "--rate needs a number of samples a second (1 to 1000000), not '" +
                                  *rate + "'");
        }
    }
    double seconds = 0;
    if (auto d = args.value("duration"); d && !parseSeconds(*d, seconds))
        return usageError(args,
                          "--duration needs a number of seconds or 'unlimited', not '" + *d + "'");
    options.durationNs = int64_t(seconds * 1e9);
    options.includeIdle = args.has("idle");
    options.gilOnly = args.has("gil");
    options.blocking = args.has("blocking");
    options.lineMode = args.has("function") ? LineMode::Function : LineMode::Line;
    options.onWarning = [](const std::string& message) {
        std::fprintf(stderr, "%s: warning: %s\n", kName, message.c_str());
    };

    FileFormat format = FileFormat::Svg; // py-spy's default: a flamegraph
    std::string output = args.value("output").value_or("");
    if (auto f = args.value("format")) {
        format = parseFileFormat(*f);
        if (format == FileFormat::Unknown || format == FileFormat::Austin)
            return usageError(args, "unknown output format '" + *f + "'");
    } else if (!output.empty()) {
        format = formatFromExtension(output);
        if (format == FileFormat::Unknown || format == FileFormat::Austin)
            return usageError(args, "cannot tell the format from '" + output + "'; use -f");
    }
    if (output.empty()) output = defaultOutputName(spec, format);
    // Found out now, not after a long recording.
    if (auto writable = probeWritable(output); !writable) {
        std::fprintf(stderr, "%s: %s\n", kName, writable.error().message.c_str());
        return 1;
    }

    StopSignalGuard stopOnSignal;
    auto target = openTarget(spec, [] { return StopSignalGuard::requested(); });
    if (!target) {
        std::fprintf(stderr, "%s: %s\n", kName, target.error().message.c_str());
        return 1;
    }
    const int pid = target->reader->pid();
    const std::string version = target->reader->pythonVersion();
    auto profile = std::make_shared<Profile>();
    ProfileMetadata meta;
    meta.commandLine = target->commandLine;
    profile->setMetadata(meta);
    SamplingSession session(std::move(target->reader), options, profile);
    if (auto started = session.start(); !started) {
        std::fprintf(stderr, "%s: %s\n", kName, started.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "%s: sampling process %d (Python %s) at %g Hz%s; Ctrl-C to stop\n", kName,
                 pid, version.c_str(), options.rateHz,
                 options.blocking ? ", pausing it for each sample" : "");
    while (!session.wait(std::chrono::milliseconds(50)))
        if (StopSignalGuard::requested()) break;
    session.stop();
    const SamplerStats stats = session.stats();
    if (StopSignalGuard::requested())
        std::fprintf(stderr, "%s: stopped by %s\n", kName,
                     strsignal(StopSignalGuard::signalNumber()));
    else if (stats.targetExited)
        std::fprintf(stderr, "%s: process %d ended\n", kName, pid);
    if (target->launched) {
        // As py-spy: a launched program still running at the end (duration over, Ctrl-C) is
        // killed; one that is handling the Ctrl-C our process group got is given a moment first.
        target->launched->kill(std::chrono::milliseconds(StopSignalGuard::requested() ? 300 : 0));
    }

    WriteOptions write;
    write.includeLineNumbers = !args.has("nolineno");
    write.fullFilenames = args.has("full-filenames");
    write.threadFrames = args.has("threads");
    write.includeIdle = args.has("idle");
    write.title =
        "spyglass record " + (target->launched ? target->commandLine : "-p " + std::to_string(pid));
    const double recorded = double(profile->metadata().durationNs) / 1e9;
    if (auto written = writeProfileFile(*profile, output, format, write); !written) {
        std::fprintf(stderr, "%s: %s\n", kName, written.error().message.c_str());
        rescue(*profile);
        return 1;
    }
    printSummary(*profile, stats, output, format, recorded);
    if (profile->sampleCount() == 0) {
        std::fprintf(stderr, "%s: no samples were recorded%s\n", kName,
                     options.includeIdle ? "" : " (threads that sleep are left out unless --idle)");
        if (!stats.lastError.empty()) return 1;
    }
    return 0;
}

} // namespace spyglass::cli
