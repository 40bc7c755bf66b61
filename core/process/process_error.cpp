#include "core/process/process_error.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace spyglass::process {

int ptraceScope() {
    std::ifstream in("/proc/sys/kernel/yama/ptrace_scope");
    int value = -1;
    if (in >> value) return value;
    return -1;
}

std::optional<uid_t> processOwner(int pid) {
    struct stat st {};
    if (stat(("/proc/" + std::to_string(pid)).c_str(), &st) != 0) return std::nullopt;
    return st.st_uid;
}

std::string permissionHelp(int pid) {
    std::string msg;
    const uid_t me = geteuid();
    if (const auto owner = processOwner(pid); owner && *owner != me)
        msg += "the process belongs to uid " + std::to_string(*owner) + ", and spyglass runs as uid " +
               std::to_string(me) + " (not the same user). ";
    const int scope = ptraceScope();
    if (scope >= 0) {
        msg += "kernel.yama.ptrace_scope is " + std::to_string(scope);
        if (scope == 0) msg += " (classic: any process of the same user may be read). ";
        else if (scope == 1) msg += " (restricted: only a parent may read its children, unless root or CAP_SYS_PTRACE). ";
        else if (scope == 2) msg += " (admin-only: only root or CAP_SYS_PTRACE may read other processes). ";
        else msg += " (no attach: nobody may read other processes until reboot). ";
    }
    msg += "Remedies: run spyglass as root (sudo), or give it CAP_SYS_PTRACE "
           "(sudo setcap cap_sys_ptrace+ep $(which spyglass); in Docker: --cap-add SYS_PTRACE), "
           "or launch the program through spyglass instead of attaching";
    if (scope == 1 || scope == 2)
        msg += ", or lower the Yama scope: sudo sysctl kernel.yama.ptrace_scope=0";
    msg += ".";
    return msg;
}

Error accessError(int pid, int err, std::string_view what) {
    std::string base = std::string(what) + " of process " + std::to_string(pid) + ": " + std::strerror(err);
    switch (err) {
    case ESRCH:
    case ENOENT:
        return makeError("process " + std::to_string(pid) + " is gone (" + base + ")", ErrorKind::NotFound);
    case EPERM:
    case EACCES:
        return makeError("cannot read process " + std::to_string(pid) + ": permission denied (" +
                             std::string(what) + "). " + permissionHelp(pid),
                         ErrorKind::Permission);
    default:
        return makeError(base, ErrorKind::Generic);
    }
}

} // namespace spyglass::process
