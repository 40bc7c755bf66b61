#pragma once
// Helpers of the integration tests: the interpreters on this machine, scratch directories, Python
// programs started by the tests, and runs of the real `spyglass` binary.
//
// Interpreters: $PYENV_ROOT/versions/* (else ~/.pyenv/versions/*) for 2.7 and 3.6–3.13, and
// Debian's /usr/bin/python3.11 (static, stripped). Missing ones are printed, never silently
// skipped.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace spyglass::testing {

struct Interpreter {
    std::string label; // a test-name-safe label: "py3_11", "py3_11_debian"
    std::string path;
    int major = 0, minor = 0;
    bool debian = false; // the static, stripped Debian build
    bool atLeast(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
};

inline std::vector<Interpreter> findInterpreters() {
    static const std::vector<Interpreter> found = [] {
        std::vector<Interpreter> out;
        std::string root;
        if (const char* env = std::getenv("PYENV_ROOT"))
            root = env;
        else if (const char* home = std::getenv("HOME"))
            root = std::string(home) + "/.pyenv";
        const std::pair<int, int> wanted[] = {{2, 7},  {3, 6},  {3, 7},  {3, 8}, {3, 9},
                                              {3, 10}, {3, 11}, {3, 12}, {3, 13}};
        std::vector<std::string> versions;
        if (DIR* d = opendir((root + "/versions").c_str())) {
            while (dirent* e = readdir(d))
                versions.emplace_back(e->d_name);
            closedir(d);
        }
        std::sort(versions.begin(), versions.end());
        std::string skipped;
        for (auto [ma, mi] : wanted) {
            const std::string prefix = std::to_string(ma) + "." + std::to_string(mi) + ".";
            std::string path;
            for (const std::string& v : versions) {
                const std::string candidate = root + "/versions/" + v + "/bin/python";
                if (v.starts_with(prefix) && access(candidate.c_str(), X_OK) == 0) path = candidate;
            }
            if (path.empty()) {
                skipped += " " + std::to_string(ma) + "." + std::to_string(mi);
                continue;
            }
            out.push_back(
                {"py" + std::to_string(ma) + "_" + std::to_string(mi), path, ma, mi, false});
        }
        if (access("/usr/bin/python3.11", X_OK) == 0)
            out.push_back({"py3_11_debian", "/usr/bin/python3.11", 3, 11, true});
        else
            skipped += " /usr/bin/python3.11";
        std::fprintf(
            stderr,
            "[interpreters] found %zu under %s/versions and /usr/bin; skipped (not installed):%s\n",
            out.size(), root.c_str(), skipped.empty() ? " none" : skipped.c_str());
        return out;
    }();
    return found;
}

inline void PrintTo(const Interpreter& py, std::ostream* os) {
    *os << py.path;
}

inline std::string interpreterLabel(const ::testing::TestParamInfo<Interpreter>& info) {
    return info.param.label;
}

// A scratch directory, removed with everything in it.
class TempDir {
  public:
    explicit TempDir(const std::string& tag = "it") {
        std::string pattern = "/tmp/spyglass-" + tag + "-XXXXXX";
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::string write(const std::string& relative, const std::string& text) const {
        const std::string p = file(relative);
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

  private:
    std::string path_;
};

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline pid_t spawnWithOutput(const std::vector<std::string>& argv, const std::string& outPath,
                             const std::string& errPath) {
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, outPath.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errPath.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

// A Python program started by a test (not by spyglass). It prints "ready" when its workload runs.
class PythonProcess {
  public:
    PythonProcess(const Interpreter& python, const std::string& script, const TempDir& dir)
        : out_(dir.file("target.out")), err_(dir.file("target.err")) {
        pid_ = spawnWithOutput({python.path, script}, out_, err_);
    }
    ~PythonProcess() { kill(); }
    int pid() const { return pid_; }
    bool waitReady(std::chrono::seconds timeout = std::chrono::seconds(20)) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            if (readFile(out_).find("ready") != std::string::npos) return true;
            if (exited()) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    bool exited() {
        if (pid_ <= 0) return true;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return true;
        }
        return false;
    }
    void kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    std::string output() const { return readFile(out_) + readFile(err_); }

  private:
    std::string out_, err_;
    pid_t pid_ = -1;
};

struct RunResult {
    int exitCode = -1; // -1: killed for running over the timeout
    std::string out, err;
};

// Runs `spyglass ARGS...` to its end (or kills it after `timeout`).
inline RunResult
runSpyglass(const std::vector<std::string>& args, const TempDir& dir,
            std::chrono::seconds timeout = std::chrono::seconds(60),
            std::chrono::milliseconds interruptAfter = std::chrono::milliseconds(0)) {
    static int serial = 0;
    const std::string tag = std::to_string(++serial);
    std::vector<std::string> argv{SPYGLASS_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r;
    const pid_t pid = spawnWithOutput(argv, dir.file("spyglass" + tag + ".out"),
                                      dir.file("spyglass" + tag + ".err"));
    if (pid <= 0) return r;
    const auto start = std::chrono::steady_clock::now();
    bool interrupted = false;
    int status = 0;
    for (;;) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        const auto elapsed = std::chrono::steady_clock::now() - start;
        if (interruptAfter.count() && !interrupted && elapsed >= interruptAfter) {
            ::kill(pid, SIGINT);
            interrupted = true;
        }
        if (elapsed > timeout) {
            ::kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            r.exitCode = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.out = readFile(dir.file("spyglass" + tag + ".out"));
    r.err = readFile(dir.file("spyglass" + tag + ".err"));
    return r;
}

// The value of a field of /proc/PID/status ("TracerPid", "State").
inline std::string procStatus(int pid, const std::string& field) {
    std::istringstream in(readFile("/proc/" + std::to_string(pid) + "/status"));
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(field + ":")) {
            std::string v = line.substr(field.size() + 1);
            v.erase(0, v.find_first_not_of(" \t"));
            return v;
        }
    return {};
}

// True when no thread of `pid` is stopped or traced.
inline bool nothingStopped(int pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/task";
    DIR* d = opendir(dir.c_str());
    if (!d) return false;
    bool ok = true;
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        const int tid = std::atoi(e->d_name);
        const std::string state = procStatus(tid, "State");
        if (state.empty()) continue; // ended meanwhile
        if (state[0] == 't' || state[0] == 'T' || procStatus(tid, "TracerPid") != "0") ok = false;
    }
    closedir(d);
    return ok;
}

// The 1-based number of the line of `text` that contains `marker`.
inline uint32_t lineOf(const std::string& text, const std::string& marker) {
    const size_t at = text.find(marker);
    if (at == std::string::npos) return 0;
    return uint32_t(std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n') + 1);
}

} // namespace spyglass::testing
