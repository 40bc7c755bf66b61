// `spyglass dump -p PID [--locals]`: the current Python stack of every thread, like `py-spy dump`.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/cpython/frame_locals.h"
#include "core/cpython/python_stack_reader.h"
#include "core/process/process_list.h"

namespace spyglass::cli {

namespace {

std::string threadTitle(const cpython::RawThread& t, const std::string& name, bool idle) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "Thread %llu (0x%llx)", static_cast<unsigned long long>(t.nativeThreadId),
                  static_cast<unsigned long long>(t.pythonThreadId));
    std::string title = buf;
    if (!name.empty()) title += " \"" + name + "\"";
    if (t.holdsGil) title += " (gil)";
    if (idle) title += " (idle)";
    return title;
}

// A thread is idle when the kernel does not have it running (state other than R).
bool threadIdle(int pid, uint64_t tid) {
    if (tid == 0) return false;
    std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/stat").c_str(), "r");
    if (!f) return false;
    char buf[512] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    const std::string text(buf, n);
    const size_t paren = text.rfind(')');
    return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'R';
}

int listProcesses() {
    const auto list = process::listPythonProcesses(std::chrono::milliseconds(200));
    std::printf("%7s  %-10s %-9s %6s %9s  %s\n", "PID", "USER", "PYTHON", "CPU%", "RSS(MiB)", "COMMAND");
    for (const auto& p : list) {
        std::printf("%7d  %-10s %-9s %6.1f %9.1f  %s\n", p.pid, p.user.c_str(),
                    p.pythonVersion.empty() ? "?" : p.pythonVersion.c_str(), p.cpuPercent,
                    static_cast<double>(p.rssBytes) / (1 << 20), p.commandLine.c_str());
        if (!p.problem.empty()) std::printf("         (%s)\n", p.problem.c_str());
    }
    if (list.empty()) std::printf("no Python processes found\n");
    return 0;
}

} // namespace

int dumpCommand(int argc, char** argv, int first) {
    ArgParser args("dump", "-p PID [--locals]",
                   "Prints the current Python stack of every thread of a running program, innermost\n"
                   "frame first, with the thread that holds the GIL and idle threads marked.");
    args.add({"pid", 'p', true, "PID", "the process to read"});
    args.add({"locals", 'l', false, "", "show simple local variables (numbers, short strings, None, booleans)"});
    args.add({"nonblocking", 0, false, "", "accepted for py-spy compatibility (dump never pauses the target)"});
    args.add({"list", 0, false, "", "list the running Python processes (pid, user, version, CPU, RSS) and exit"});
    if (!args.parse(argc, argv, first)) {
        std::fprintf(stderr, "spyglass dump: %s\n%s", args.error().c_str(), args.helpText().c_str());
        return 2;
    }
    if (args.helpRequested()) {
        std::fputs(args.helpText().c_str(), stdout);
        return 0;
    }
    if (args.has("list")) return listProcesses();
    const auto pidText = args.value("pid");
    if (!pidText) {
        std::fprintf(stderr, "spyglass dump: need -p PID\n%s", args.helpText().c_str());
        return 2;
    }
    int pid = 0;
    try {
        pid = std::stoi(*pidText, nullptr, 0);
    } catch (...) {
        std::fprintf(stderr, "spyglass dump: -p needs a process id, not '%s'\n", pidText->c_str());
        return 2;
    }
    auto reader = cpython::PythonStackReader::open(pid);
    if (!reader) {
        std::fprintf(stderr, "spyglass dump: %s\n", reader.error().message.c_str());
        return 1;
    }
    auto& r = **reader;
    std::vector<cpython::RawThread> threads;
    Result<void> read = r.readRaw(threads);
    for (int attempt = 0; !read && read.error().kind == ErrorKind::Torn && attempt < 20; ++attempt)
        read = r.readRaw(threads); // memory moved under the read: take another look
    if (!read) {
        std::fprintf(stderr, "spyglass dump: %s\n", read.error().message.c_str());
        return 1;
    }
    std::printf("Process %d: Python %s (%s)\n", pid, r.pythonVersion().c_str(), r.target().runtimePath.c_str());
    const bool locals = args.has("locals");
    for (const auto& t : threads) {
        std::printf("\n%s\n", threadTitle(t, r.threadName(t.pythonThreadId), threadIdle(pid, t.nativeThreadId)).c_str());
        for (const auto& f : t.frames) {
            auto info = r.codes().info(f.code);
            if (!info) {
                std::printf("    <unreadable frame: %s>\n", info.error().message.c_str());
                continue;
            }
            const cpython::CodeInfo& code = **info;
            std::printf("    %s (%s:%d)\n", code.name.c_str(), code.file.c_str(), r.codes().lineOf(code, f.offset));
            if (!locals) continue;
            for (const auto& var : cpython::readFrameLocals(r, f))
                std::printf("        %s = %s\n", var.name.c_str(), var.value.c_str());
        }
    }
    return 0;
}

} // namespace spyglass::cli
