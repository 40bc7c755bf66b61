#pragma once
// Turning a failed access to another process into an Error that says why and what to do.
#include <sys/types.h>

#include <optional>
#include <string_view>

#include "core/model/result.h"

namespace spyglass::process {

// errno from process_vm_readv, open("/proc/PID/..."), ptrace: ESRCH/ENOENT → NotFound (the target
// is gone), EPERM/EACCES → Permission with the remedy, anything else → Generic.
Error accessError(int pid, int err, std::string_view what);

// The Permission message alone: who owns the target, who we are, ptrace_scope and the remedies.
std::string permissionHelp(int pid);

// The uid owning /proc/PID (the target's user), or nothing when there is no such process.
std::optional<uid_t> processOwner(int pid);

// kernel.yama.ptrace_scope, or -1 when the Yama LSM is absent.
int ptraceScope();

} // namespace spyglass::process
