#include "core/process/process_list.h"

#include "core/cpython/python_binary.h"
#include "core/process/proc_maps.h"
#include "core/process/process_error.h"
#include "core/process/process_memory.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <map>
#include <pwd.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace spyglass::process {

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// utime + stime in clock ticks, from /proc/PID/stat (fields 14 and 15, after the comm field).
uint64_t cpuTicks(int pid) {
    const std::string text = slurp("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = text.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream fields(text.substr(paren + 2));
    std::string f;
    uint64_t utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stoull(f);
        if (i == 15) stime = std::stoull(f);
    }
    return utime + stime;
}

std::string userName(uint32_t uid) {
    passwd pw{};
    passwd* found = nullptr;
    char buf[1024];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found) return found->pw_name;
    return std::to_string(uid);
}

bool looksLikePython(const std::string& path) {
    const std::string name = baseName(path);
    return name.rfind("python", 0) == 0 || isLibPython(path);
}

std::string joinedArguments(std::string cmdline) {
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    while (!cmdline.empty() && cmdline.back() == ' ')
        cmdline.pop_back();
    return cmdline;
}

} // namespace

std::set<int64_t> processThreadIds(int pid) {
    std::set<int64_t> ids;
    if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/task").c_str())) {
        while (dirent* e = readdir(d)) {
            char* end = nullptr;
            const long tid = std::strtol(e->d_name, &end, 10);
            if (tid > 0 && end && *end == '\0') ids.insert(tid);
        }
        closedir(d);
    }
    return ids;
}

std::string processCommandLine(int pid) {
    return joinedArguments(slurp("/proc/" + std::to_string(pid) + "/cmdline"));
}

bool describePythonProcess(int pid, PythonProcessInfo& info) {
    const std::string proc = "/proc/" + std::to_string(pid);
    info = {};
    info.pid = pid;
    const std::string cmdline = slurp(proc + "/cmdline");
    if (cmdline.empty() && access(proc.c_str(), F_OK) != 0) return false;
    std::string argv0 = cmdline.substr(0, cmdline.find('\0'));
    info.commandLine = joinedArguments(cmdline);

    std::istringstream status(slurp(proc + "/status"));
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("Uid:", 0) == 0)
            info.uid = static_cast<uint32_t>(std::stoul(line.substr(4)));
        if (line.rfind("VmRSS:", 0) == 0) info.rssBytes = std::stoull(line.substr(6)) * 1024;
    }
    info.user = userName(info.uid);
    char exe[4096];
    const ssize_t n = readlink((proc + "/exe").c_str(), exe, sizeof exe - 1);
    if (n > 0) info.executable.assign(exe, static_cast<size_t>(n));

    auto maps = readMaps(pid);
    if (!maps) {
        // Not ours to read: list it when its name says python, with the reason.
        if (maps.error().kind != ErrorKind::Permission || !looksLikePython(argv0)) return false;
        info.problem = maps.error().message;
        return true;
    }
    bool python = looksLikePython(info.executable);
    for (const auto& m : *maps)
        python = python || (m.executable && isLibPython(m.path));
    if (!python) return false;

    auto binaries = cpython::PythonBinaries::locate(pid);
    if (!binaries) {
        info.problem = binaries.error().message;
        return binaries.error().kind == ErrorKind::Permission;
    }
    info.runtimePath = binaries->runtimePath();
    ProcessMemory memory(pid);
    auto version = cpython::readPythonVersion(*binaries, memory);
    if (version) {
        info.pythonVersion = version->text;
        return true;
    }
    // A "python" that is not CPython (PyPy, a wrapper script's interpreter) is left out; one we
    // may not read is listed with the reason.
    info.problem = version.error().message;
    return version.error().kind == ErrorKind::Permission;
}

std::vector<PythonProcessInfo> listPythonProcesses(std::chrono::milliseconds window) {
    std::vector<int> pids;
    if (DIR* d = opendir("/proc")) {
        while (dirent* e = readdir(d))
            if (std::isdigit(static_cast<unsigned char>(e->d_name[0])))
                pids.push_back(std::atoi(e->d_name));
        closedir(d);
    }
    std::sort(pids.begin(), pids.end());
    const int self = getpid();
    std::vector<PythonProcessInfo> out;
    std::map<int, uint64_t> before;
    for (int pid : pids) {
        if (pid == self) continue;
        PythonProcessInfo info;
        if (!describePythonProcess(pid, info)) continue;
        before[pid] = cpuTicks(pid);
        out.push_back(std::move(info));
    }
    if (window.count() > 0 && !out.empty()) {
        std::this_thread::sleep_for(window);
        const double ticksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
        const double seconds = std::chrono::duration<double>(window).count();
        for (auto& info : out) {
            const uint64_t after = cpuTicks(info.pid);
            if (after >= before[info.pid])
                info.cpuPercent = 100.0 * static_cast<double>(after - before[info.pid]) /
                                  ticksPerSecond / seconds;
        }
    }
    return out;
}

} // namespace spyglass::process
