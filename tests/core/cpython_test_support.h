#pragma once
// Shared by the cpython_*_test.cpp files: finding the interpreters installed here, and running a
// Python program written by a test as a child process that is always killed at the end.
#include "core/cpython/python_stack_reader.h"
#include "core/test_temp_dir.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace spyglass::testing {

struct Interpreter {
    std::string label; // "3.11.7" (pyenv) or "debian-3.11"
    std::string path;
};

inline void PrintTo(const Interpreter& i, std::ostream* os) { *os << i.label << " (" << i.path << ")"; }

// The name of a test instantiated per interpreter: its label, letters and digits only.
inline std::string interpreterTestName(const ::testing::TestParamInfo<Interpreter>& info) {
    std::string s = info.param.label;
    for (char& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return s;
}

inline std::string pyenvRoot() {
    if (const char* root = std::getenv("PYENV_ROOT"); root && *root) return root;
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "/root") + "/.pyenv";
}

// Interpreters the tests run against: every $PYENV_ROOT/versions/X.Y.Z (2.7, 3.6–3.13 expected)
// and Debian's /usr/bin/python3.11. Prints what it looked for and did not find.
inline std::vector<Interpreter> findInterpreters() {
    std::vector<Interpreter> found;
    const std::string wanted[] = {"2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"};
    const std::filesystem::path versions = pyenvRoot() + "/versions";
    std::error_code ec;
    std::vector<std::string> dirs;
    for (const auto& e : std::filesystem::directory_iterator(versions, ec)) dirs.push_back(e.path().filename());
    std::sort(dirs.begin(), dirs.end());
    for (const std::string& minor : wanted) {
        bool any = false;
        for (const std::string& d : dirs) {
            if (d.rfind(minor + ".", 0) != 0) continue;
            const std::string exe = (versions / d / "bin/python").string();
            if (access(exe.c_str(), X_OK) != 0) continue;
            found.push_back({d, exe});
            any = true;
        }
        if (!any) std::printf("[ skipped  ] CPython %s: not installed under %s\n", minor.c_str(), versions.c_str());
    }
    if (access("/usr/bin/python3.11", X_OK) == 0) found.push_back({"debian-3.11", "/usr/bin/python3.11"});
    else std::printf("[ skipped  ] Debian /usr/bin/python3.11: not installed\n");
    return found;
}

// What the interpreter itself prints for `print(EXPRESSION)` (after `import sys`), one line,
// trailing whitespace dropped: versions come from running it, not from its name.
inline std::string askInterpreter(const Interpreter& i, const std::string& expression) {
    FILE* p = popen(("'" + i.path + "' -c 'import sys; print(" + expression + ")'").c_str(), "r");
    char buf[64] = {};
    if (p) {
        if (!std::fgets(buf, sizeof buf, p)) buf[0] = 0;
        pclose(p);
    }
    std::string s(buf);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

// "3.11"
inline std::string pythonMinor(const Interpreter& i) {
    return askInterpreter(i, "\"%d.%d\" % sys.version_info[:2]");
}

// "3.11.7"
inline std::string pythonFullVersion(const Interpreter& i) {
    return askInterpreter(i, "sys.version.split()[0]");
}

// A child process killed (SIGKILL) and reaped when this goes out of scope.
class ChildProcess {
public:
    ChildProcess() = default;
    explicit ChildProcess(const std::vector<std::string>& argv) { start(argv); }
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool start(const std::vector<std::string>& argv) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        // fork + exec rather than posix_spawn: the child must die with the test (PDEATHSIG), or a
        // test that aborts (a sanitizer report) leaves a spinning target holding ctest's pipes.
        const pid_t parent = getpid();
        pid_ = fork();
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(127);
            execve(args[0], args.data(), environ);
            _exit(127);
        }
        return pid_ > 0;
    }
    int pid() const { return pid_; }
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        return true;
    }
    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

private:
    pid_t pid_ = -1;
};

// Waits until `path` exists (the child writes it when it is ready), or the child died, or timeout.
inline bool waitForFile(ChildProcess& child, const std::string& path, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (access(path.c_str(), F_OK) == 0) return true;
        if (!child.running()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A stack reader on `child` once the program has written `readyFile`; nullptr, with the reason
// as a test failure, when it does not or cannot be read.
inline std::unique_ptr<cpython::PythonStackReader> readerWhenReady(ChildProcess& child,
                                                                   const std::string& readyFile) {
    if (!waitForFile(child, readyFile, 60)) {
        ADD_FAILURE() << "the program never wrote " << readyFile;
        return nullptr;
    }
    auto opened = cpython::PythonStackReader::open(child.pid());
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        return nullptr;
    }
    return std::move(*opened);
}

// A test program (`source`) written as DIR/NAME.py in a new temporary folder DIR, run by `python`
// with DIR as its argument, and a reader on it once it has written DIR/ready (nullptr, with a
// test failure, when it did not).
struct RunningProgram {
    TempDir dir;
    ChildProcess child;
    std::unique_ptr<cpython::PythonStackReader> reader;

    RunningProgram(const std::string& python, const std::string& name, const char* source)
        : dir(name) {
        writeFile(dir.path() + "/" + name + ".py", source);
        child.start({python, dir.path() + "/" + name + ".py", dir.path()});
        reader = readerWhenReady(child, dir.path() + "/ready");
    }
};

} // namespace spyglass::testing
