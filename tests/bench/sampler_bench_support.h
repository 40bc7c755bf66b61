#pragma once
// Shared by the sampler benchmarks: Python targets with a known stack, the interpreters to measure,
// and Austin (the peer, built outside the repository) run beside Spyglass on the same target.
#include "bench_util.h"
#include "core/sampling/launched_process.h"
#include "core/sampling/stack_reader.h"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <memory>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace spyglass::bench {

struct Python {
    std::string label; // "3.11 (Debian)", "3.8"
    std::string path;
};

// The interpreters the issue asks about, those present.
inline std::vector<Python> benchInterpreters(bool all) {
    std::string root = std::getenv("PYENV_ROOT") ? std::getenv("PYENV_ROOT")
                                                 : std::string(std::getenv("HOME")) + "/.pyenv";
    std::vector<Python> out;
    const char* wanted[] = {"2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"};
    for (const char* v : wanted) {
        const std::string sv = v;
        if (!all && sv != "3.8" && sv != "3.10" && sv != "3.11" && sv != "3.12" && sv != "3.13")
            continue;
        std::ifstream probe;
        for (int patch = 30; patch >= 0; --patch) {
            const std::string path =
                root + "/versions/" + sv + "." + std::to_string(patch) + "/bin/python";
            if (access(path.c_str(), X_OK) == 0) {
                out.push_back({sv, path});
                break;
            }
        }
    }
    if (access("/usr/bin/python3.11", X_OK) == 0)
        out.push_back({"3.11 Debian", "/usr/bin/python3.11"});
    return out;
}

// A program whose main thread sits at a stack `depth` frames deep, spinning at the leaf.
inline std::string deepProgram() {
    return R"PY(import sys, time
DEPTH = int(sys.argv[1]); SECONDS = float(sys.argv[2])
def spin():
    end = time.time() + SECONDS
    while time.time() < end:
        for i in range(1000): pass
def dive(n):
    if n <= 0:
        return spin()
    return dive(n - 1)
dive(DEPTH - 3)
)PY";
}

inline std::string writeTemp(const std::string& name, const std::string& text) {
    const std::string path = "/tmp/spyglass-bench-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

// A launched target and its reader, once the main thread is `depth` frames deep.
struct DeepTarget {
    std::unique_ptr<LaunchedProcess> process;
    std::unique_ptr<StackReader> reader;

    static DeepTarget start(const Python& py, int depth, double seconds) {
        static const std::string script = writeTemp("deep.py", deepProgram());
        DeepTarget t;
        LaunchOptions quiet;
        quiet.discardOutput = true;
        auto p = LaunchedProcess::spawn(
            {py.path, script, std::to_string(depth), std::to_string(seconds)}, quiet);
        if (!p) return t;
        t.process = std::move(*p);
        auto r = t.process->waitForInterpreter(std::chrono::seconds(20));
        if (!r) {
            std::fprintf(stderr, "%s: %s\n", py.label.c_str(), r.error().message.c_str());
            return t;
        }
        t.reader = std::move(*r);
        Profile scratch;
        std::vector<ThreadStack> stacks;
        for (int i = 0; i < 2000; ++i) {
            if (t.reader->readStacks(scratch, stacks) && !stacks.empty() &&
                int(stacks[0].frames.size()) == depth)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return t;
    }
};

// Austin: where the benchmarks look for it (built from its public source, never in this repo). It
// must write MOJO with its statistics: Austin 4 does by default, Austin 3 with `-b -P`, so for
// Austin 3 set AUSTIN to a script that adds them. Austin 4.0.0's source is in the public mirror
// sthagen/P403n1x87-austin; without autotools it builds with
// `gcc -O3 -pthread -I. -DPACKAGE_NAME='"austin"' -o austin *.c -lm` in its src/ (see
// docs/BENCHMARKS.md, ninth round).
inline std::string austinPath() {
    if (const char* p = std::getenv("AUSTIN")) return p;
    return "/tmp/austin/src/austin";
}

struct AustinRun {
    bool ok = false;
    long samples = 0;
    double seconds = 0;
    double minUs = 0, avgUs = 0, maxUs = 0; // its own per-sample timing
    long errors = 0;
};

// Runs `austin ARGS...` (output to a MOJO file) and reads the statistics it appends.
inline AustinRun runAustin(const std::vector<std::string>& args) {
    AustinRun run;
    const std::string out = "/tmp/spyglass-bench-" + std::to_string(getpid()) + ".mojo";
    std::vector<std::string> argv{austinPath(), "-o", out};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c;
    for (auto& a : argv)
        c.push_back(a.data());
    c.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    if (posix_spawn(&pid, c[0], &fa, nullptr, c.data(), environ) != 0) return run;
    posix_spawn_file_actions_destroy(&fa);
    waitpid(pid, nullptr, 0);
    std::ifstream in(out, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(out.c_str());
    auto meta = [&](const std::string& key) -> std::string {
        const std::string needle = "\x01" + key + std::string(1, '\0');
        const size_t at = data.rfind(needle);
        if (at == std::string::npos) return {};
        const size_t begin = at + needle.size();
        return data.substr(begin, data.find('\0', begin) - begin);
    };
    std::string count = meta("count");
    const std::string duration = meta("duration"), sampling = meta("sampling"),
                      errors = meta("errors");
    // Austin 3.x has no "count"; its "errors" is ERRORS/SAMPLES.
    if (count.empty() && errors.find('/') != std::string::npos)
        count = errors.substr(errors.find('/') + 1);
    if (count.empty() || duration.empty() || sampling.empty()) return run;
    run.samples = std::stol(count);
    run.seconds = std::stod(duration) / 1e6;
    std::sscanf(sampling.c_str(), "%lf,%lf,%lf", &run.minUs, &run.avgUs, &run.maxUs);
    if (!errors.empty()) run.errors = std::stol(errors);
    run.ok = true;
    return run;
}

inline bool haveAustin() {
    return access(austinPath().c_str(), X_OK) == 0;
}

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace spyglass::bench
