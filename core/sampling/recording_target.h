#pragma once
// What `record` and `top` sample: a running process (-p PID) or a program they launch
// (-- PROGRAM ARGS...), opened for reading.
#include "core/sampling/launched_process.h"
#include "core/sampling/stack_reader.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spyglass {

struct TargetSpec {
    int pid = 0;                   // attach to this process ...
    std::vector<std::string> argv; // ... or launch this program
    LaunchOptions launch;
    std::chrono::milliseconds startTimeout{10'000}; // launch: how long to wait for Python
};

struct OpenedTarget {
    std::unique_ptr<StackReader> reader;
    std::unique_ptr<LaunchedProcess> launched; // null when attached
    std::string commandLine;                   // its arguments joined by spaces (launched or attached)
};

Result<OpenedTarget> openTarget(const TargetSpec& spec,
                                const std::function<bool()>& cancelled = {});

// "1234" or "0x4d2", as py-spy accepts them.
Result<int> parsePid(std::string_view text);

} // namespace spyglass
