#pragma once
// Launch mode (`spyglass record -- PROGRAM ARGS...`): runs the program as our child and waits until
// its Python interpreter can be read.
//
// Like py-spy, the child stays in our process group (a terminal's Ctrl-C reaches both), and a
// child still running when the recording ends (duration over, Ctrl-C) is killed: the destructor
// kills and reaps it. A process attached with -p is never touched.
#include "core/model/result.h"
#include "core/sampling/stack_reader.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spyglass {

struct LaunchOptions {
    bool discardOutput = false; // send the program's stdout/stderr to /dev/null (for `top`)
};

class LaunchedProcess {
  public:
    static Result<std::unique_ptr<LaunchedProcess>> spawn(const std::vector<std::string>& argv,
                                                          const LaunchOptions& options = {});
    ~LaunchedProcess(); // kill() unless it has exited
    LaunchedProcess(const LaunchedProcess&) = delete;
    LaunchedProcess& operator=(const LaunchedProcess&) = delete;

    int pid() const { return pid_; }
    std::string commandLine() const;

    // Reaps the child if it has exited; does not block. Do not call while a --blocking sampler may
    // have it stopped (ptrace reports come through the same wait): after the recording is fine.
    bool hasExited();
    // Its exit status ("exit status 3", "killed by signal 9"), once hasExited() or kill() saw it;
    // none when a --blocking sampler's ptrace wait reaped it first.
    std::optional<std::string> exitDescription() const { return exitDescription_; }
    // Waits up to `grace` for it to end by itself (it may be handling the Ctrl-C that reached our
    // whole process group), then SIGKILLs it, and reaps it.
    void kill(std::chrono::milliseconds grace = std::chrono::milliseconds(0));

    // Retries openPythonProcess with a short back-off until the interpreter is readable, the
    // program exits, `cancelled` says so or `timeout` passes.
    Result<std::unique_ptr<StackReader>>
    waitForInterpreter(std::chrono::milliseconds timeout,
                       const std::function<bool()>& cancelled = {});

  private:
    LaunchedProcess(int pid, std::vector<std::string> argv) : pid_(pid), argv_(std::move(argv)) {}
    void noteStatus(int status);

    int pid_;
    std::vector<std::string> argv_;
    bool reaped_ = false;
    std::optional<std::string> exitDescription_;
};

} // namespace spyglass
