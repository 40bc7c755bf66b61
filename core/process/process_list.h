#pragma once
// The processes that run CPython, for the GUI's attach dialog and the CLI: an executable or a
// loaded libpythonX.Y.so that holds the runtime, with the version read from the process itself.
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace spyglass::process {

struct PythonProcessInfo {
    int pid = 0;
    uint32_t uid = 0;
    std::string user;          // login name of uid, or the number
    std::string executable;    // /proc/PID/exe
    std::string commandLine;   // arguments joined by spaces
    std::string pythonVersion; // read from the target ("3.11.7"); empty when it could not be read
    std::string runtimePath;   // the file holding the runtime (executable or libpython)
    double cpuPercent = 0;     // over the sampling window, 100 = one core
    uint64_t rssBytes = 0;
    std::string problem; // why the version is missing (not readable: permission and remedy)
};

// Every process other than this one that runs CPython, sorted by pid. Processes we may not read
// are listed when their command line names a python, with `problem` saying why (and the remedy).
// CPU shares are measured over `window` (0 skips the measurement).
std::vector<PythonProcessInfo>
listPythonProcesses(std::chrono::milliseconds window = std::chrono::milliseconds(100));

// The ids of the process's threads (/proc/PID/task), as this process sees them; empty when it is
// gone or cannot be read.
std::set<int64_t> processThreadIds(int pid);

// /proc/PID/cmdline with its arguments joined by spaces; empty when unreadable (or a kernel
// thread).
std::string processCommandLine(int pid);

// The same for one pid; false when it does not exist or does not run CPython.
bool describePythonProcess(int pid, PythonProcessInfo& info);

} // namespace spyglass::process
