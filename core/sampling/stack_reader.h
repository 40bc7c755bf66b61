#pragma once
// The seam between reading a target's Python stacks (core/cpython, core/process) and sampling
// them over time (core/sampling). The sampler owns the profile's writer side and passes it in so
// the reader can intern functions and frames straight from its code-object cache.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model/profile.h"
#include "core/model/result.h"

namespace spyglass {

struct ThreadStack {
    uint64_t nativeThreadId = 0; // the OS thread id (TID)
    uint64_t pythonThreadId = 0; // the interpreter's thread id (pthread_t)
    std::string name;            // `threading` name where known, else empty (the sampler asks the OS)
    bool holdsGil = false;
    bool idle = false;           // set by the sampler: /proc/PID/task/TID/stat, unless holdsGil
    std::vector<FrameId> frames; // innermost first, interned into the profile given to readStacks
};

// Which line a frame reports.
enum class LineMode : uint8_t {
    Line,     // the line running now (default)
    Function, // the function's first line (co_firstlineno), as py-spy's --function: one frame per
              // function, so samples aggregate by function
};

struct AttachOptions {
    bool nativeStacks = false; // not available yet
};

class StackReader {
public:
    virtual ~StackReader() = default;
    // Reads every thread's stack once. Errors: ErrorKind::NotFound when the target is gone,
    // ErrorKind::Torn when memory changed under the read (drop the sample and count it).
    virtual Result<void> readStacks(Profile& profile, std::vector<ThreadStack>& out) = 0;
    // Applies to the frames of later readStacks calls.
    virtual void setLineMode(LineMode mode) = 0;
    virtual std::string pythonVersion() const = 0; // "3.11.7", read from the target
    virtual int pid() const = 0;
};

// Finds the interpreter in process `pid` and prepares to read it. Errors name the reason and the
// remedy (ErrorKind::Permission: not the same user, run as root, CAP_SYS_PTRACE, ptrace_scope).
Result<std::unique_ptr<StackReader>> openPythonProcess(int pid, const AttachOptions& options = {});

} // namespace spyglass
