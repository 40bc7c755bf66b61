#include "core/sampling/launched_process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace spyglass {

Result<std::unique_ptr<LaunchedProcess>>
LaunchedProcess::spawn(const std::vector<std::string>& argv, const LaunchOptions& options) {
    if (argv.empty()) return makeError("no program to run after --");
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (options.discardOutput) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    }
    // The child starts with default dispositions for the signals we catch while recording.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    pid_t pid = 0;
    const int err = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err != 0)
        return makeError("cannot run '" + argv[0] + "': " + std::strerror(err),
                         ErrorKind::NotFound);
    return std::unique_ptr<LaunchedProcess>(new LaunchedProcess(pid, argv));
}

LaunchedProcess::~LaunchedProcess() {
    if (!reaped_) kill();
}

std::string LaunchedProcess::commandLine() const {
    std::string s;
    for (const std::string& a : argv_) {
        if (!s.empty()) s += ' ';
        s += a;
    }
    return s;
}

void LaunchedProcess::noteStatus(int status) {
    reaped_ = true;
    if (WIFEXITED(status))
        exitDescription_ = "exit status " + std::to_string(WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        exitDescription_ = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                           strsignal(WTERMSIG(status)) + ")";
}

bool LaunchedProcess::hasExited() {
    if (reaped_) return true;
    int status = 0;
    const pid_t got = waitpid(pid_, &status, WNOHANG);
    if (got == pid_) {
        if (WIFEXITED(status) || WIFSIGNALED(status)) noteStatus(status);
    } else if (got < 0 && errno == ECHILD) {
        // Reaped elsewhere (a ptrace wait may report the exit of a traced child): how it ended is
        // not known here, so exitDescription() stays empty.
        reaped_ = true;
    }
    return reaped_;
}

void LaunchedProcess::kill(std::chrono::milliseconds grace) {
    const auto until = std::chrono::steady_clock::now() + grace;
    while (!hasExited() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (reaped_) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    pid_t got;
    do
        got = waitpid(pid_, &status, 0);
    while (got < 0 && errno == EINTR);
    if (got == pid_) noteStatus(status);
    reaped_ = true;
    if (!exitDescription_) exitDescription_ = "killed";
}

namespace {

// A few reads of the threads over about 100 ms; fine when one succeeds.
Result<void> firstRead(StackReader& reader) {
    Profile scratch;
    std::vector<ThreadStack> stacks;
    Result<void> last;
    for (int attempt = 0; attempt < 20; ++attempt) {
        last = reader.readStacks(scratch, stacks);
        if (last) return last;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return last;
}

} // namespace

Result<std::unique_ptr<StackReader>>
LaunchedProcess::waitForInterpreter(std::chrono::milliseconds timeout,
                                    const std::function<bool()>& cancelled) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    auto nap = std::chrono::milliseconds(1);
    std::string lastError;
    for (;;) {
        auto reader = openPythonProcess(pid_);
        if (reader) {
            // Found this early, the interpreter may still be setting itself up: take it once a
            // read of its threads succeeds, else look for it afresh.
            if (auto ready = firstRead(**reader); ready)
                return reader;
            else
                lastError = ready.error().message;
        } else {
            lastError = reader.error().message;
        }
        if (hasExited())
            return makeError("'" + commandLine() + "' ended (" +
                                 exitDescription_.value_or("exited") +
                                 ") before its Python interpreter could be read",
                             ErrorKind::NotFound);
        if (cancelled && cancelled()) return makeError("interrupted", ErrorKind::Cancelled);
        if (std::chrono::steady_clock::now() >= until)
            return makeError("found no Python interpreter in '" + commandLine() + "' (pid " +
                                 std::to_string(pid_) + ") within " +
                                 std::to_string(timeout.count() / 1000.0).substr(0, 4) +
                                 " s: " + lastError,
                             ErrorKind::NotFound);
        std::this_thread::sleep_for(nap);
        nap = std::min(nap * 2, std::chrono::milliseconds(50));
    }
}

} // namespace spyglass
