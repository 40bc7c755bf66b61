#pragma once
// Finding the interpreter in a process: which mapped file holds the Python runtime (the executable
// or libpythonX.Y.so), its symbols at their run-time addresses, and the version read from memory.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/elf/elf_file.h"
#include "core/model/result.h"
#include "core/process/proc_maps.h"
#include "core/process/process_memory.h"

namespace spyglass::cpython {

struct PythonVersion {
    int major = 0;
    int minor = 0;
    int patch = 0;
    std::string text; // "3.11.7", with a pre-release suffix where there is one ("3.13.0rc1")
};

// One mapped ELF file with its load bias.
struct LoadedBinary {
    elf::ElfFile elf;
    std::string path; // as the target maps it
    uint64_t bias = 0;
    uint64_t mapStart = 0; // lowest mapping
    uint64_t mapEnd = 0;   // end of the highest mapping

    std::optional<uint64_t> symbol(std::string_view name) const {
        auto a = elf.symbol(name);
        return a ? std::optional<uint64_t>(*a + bias) : std::nullopt;
    }
    std::optional<elf::Section> section(std::string_view name) const {
        auto s = elf.section(name);
        if (s) s->address += bias;
        return s;
    }
};

class PythonBinaries {
public:
    // Reads the maps and ELF files of `pid`. NotFound when the process is gone; Unsupported when
    // neither the executable nor any loaded library looks like CPython.
    static Result<PythonBinaries> locate(int pid);

    // A symbol's run-time address: the executable first, then libpython (py-spy's order).
    std::optional<uint64_t> symbol(std::string_view name) const;
    // A section's run-time range, executable first.
    std::optional<elf::Section> section(std::string_view name) const;

    const std::vector<process::MemoryMap>& maps() const { return maps_; }
    bool isMapped(uint64_t address) const;
    // The file holding the runtime, for messages ("/usr/lib/libpython3.11.so.1.0").
    std::string runtimePath() const;
    const std::vector<LoadedBinary>& binaries() const { return binaries_; }

private:
    std::vector<process::MemoryMap> maps_;
    std::vector<LoadedBinary> binaries_; // executable first, then libpython
};

// Reads the version from the target: Py_Version (3.11+), else the static buffer Py_GetVersion()
// fills at start-up ("version"/"version.0"), else a scan of .data/.bss for sys.version's text.
Result<PythonVersion> readPythonVersion(const PythonBinaries& binaries, const process::ProcessMemory& memory);

// Parses the start of a sys.version-like text ("3.9.18 (main, ...") into a version.
std::optional<PythonVersion> parseVersionText(std::string_view text);
// Decodes a PY_VERSION_HEX value.
PythonVersion versionFromHex(uint32_t hex);

} // namespace spyglass::cpython
