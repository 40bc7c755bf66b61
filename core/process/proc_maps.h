#pragma once
// The memory map of a process (/proc/PID/maps), to find the Python binary, libpython and their
// load addresses, and to tell mapped addresses from garbage.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/result.h"

namespace spyglass::process {

struct MemoryMap {
    uint64_t start = 0;
    uint64_t end = 0;
    uint64_t offset = 0; // file offset of `start`
    bool readable = false;
    bool writable = false;
    bool executable = false;
    std::string path; // empty for anonymous maps; "[heap]", "[stack]"... for special ones

    bool contains(uint64_t address) const { return address >= start && address < end; }
};

Result<std::vector<MemoryMap>> readMaps(int pid);

// Parses the text of a maps file (exposed for tests).
std::vector<MemoryMap> parseMaps(const std::string& text);

// The file name part of a path ("/usr/lib/libpython3.11.so.1.0" → "libpython3.11.so.1.0").
std::string baseName(const std::string& path);

// Whether `path` names a libpython shared object (libpython3.11.so.1.0, libpython3.6m.so, ...).
bool isLibPython(const std::string& path);

} // namespace spyglass::process
