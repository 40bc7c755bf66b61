#include "core/sampling/recording_target.h"

#include "core/process/process_list.h"
#include "core/sampling/thread_states.h"

#include <cerrno>
#include <cstdlib>
#include <string>

namespace spyglass {

Result<OpenedTarget> openTarget(const TargetSpec& spec, const std::function<bool()>& cancelled) {
    OpenedTarget target;
    if (!spec.argv.empty()) {
        auto launched = LaunchedProcess::spawn(spec.argv, spec.launch);
        if (!launched) return launched.error();
        target.launched = std::move(*launched);
        target.commandLine = target.launched->commandLine();
        auto reader = target.launched->waitForInterpreter(spec.startTimeout, cancelled);
        if (!reader) return reader.error(); // the destructor kills the child
        target.reader = std::move(*reader);
        return target;
    }
    if (spec.pid <= 0) return makeError("no process to sample: give -p PID or -- PROGRAM ARGS...");
    if (processState(spec.pid) == 0)
        return makeError("there is no process " + std::to_string(spec.pid), ErrorKind::NotFound);
    auto reader = openPythonProcess(spec.pid);
    if (!reader) return reader.error();
    target.reader = std::move(*reader);
    // What `top`'s title and a recording's metadata name the target by, as for a launched one.
    target.commandLine = process::processCommandLine(spec.pid);
    return target;
}

Result<int> parsePid(std::string_view text) {
    const std::string s(text);
    errno = 0;
    char* end = nullptr;
    const bool hex = s.starts_with("0x") || s.starts_with("0X");
    const long v = std::strtol(s.c_str(), &end, hex ? 16 : 10);
    if (s.empty() || errno != 0 || !end || *end != '\0' || v <= 0 || v > 0x3fffffff)
        return makeError("'" + s + "' is not a process id");
    return int(v);
}

} // namespace spyglass
