#include "core/process/proc_maps.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/process/process_error.h"

namespace spyglass::process {

std::vector<MemoryMap> parseMaps(const std::string& text) {
    std::vector<MemoryMap> maps;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        unsigned long long start = 0, end = 0, offset = 0;
        char perms[8] = {};
        int pathAt = 0;
        // start-end perms offset dev inode path
        if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &offset,
                        &pathAt) < 4)
            continue;
        MemoryMap m;
        m.start = start;
        m.end = end;
        m.offset = offset;
        m.readable = perms[0] == 'r';
        m.writable = perms[1] == 'w';
        m.executable = perms[2] == 'x';
        if (pathAt > 0 && static_cast<size_t>(pathAt) <= line.size()) m.path = line.substr(pathAt);
        maps.push_back(std::move(m));
    }
    return maps;
}

Result<std::vector<MemoryMap>> readMaps(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
    if (!in) return accessError(pid, errno ? errno : ENOENT, "opening /proc/PID/maps");
    std::stringstream text;
    text << in.rdbuf();
    auto maps = parseMaps(text.str());
    if (maps.empty()) {
        // An unreadable maps file reads empty for another user's process on some kernels.
        if (access(("/proc/" + std::to_string(pid)).c_str(), F_OK) != 0)
            return accessError(pid, ENOENT, "reading /proc/PID/maps");
        return accessError(pid, EACCES, "reading /proc/PID/maps");
    }
    return maps;
}

std::string baseName(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool isLibPython(const std::string& path) {
    const std::string name = baseName(path);
    if (name.rfind("libpython", 0) != 0) return false;
    // libpython + digit '.' digits, optional abiflags, then ".so"
    size_t i = 9;
    if (i >= name.size() || !std::isdigit(static_cast<unsigned char>(name[i]))) return false;
    return name.find(".so", i) != std::string::npos;
}

} // namespace spyglass::process
