#include "core/cpython/python_binary.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/process/process_error.h"

namespace spyglass::cpython {

namespace {

// The symbols the reader looks up; keeping only these makes opening libpython several times faster.
constexpr std::string_view kWantedSymbols[] = {
    "_PyRuntime", "Py_Version", "interp_head", "_PyThreadState_Current", "version", "version.0",
    "Py_GetVersion.version", "PyCode_Type", "PyFrame_Type", "PyUnicode_Type", "PyBytes_Type",
    "PyString_Type", "PyLong_Type", "PyInt_Type", "PyFloat_Type", "PyBool_Type", "PyDict_Type",
    "PyTuple_Type", "_Py_NoneStruct", "_Py_TrueStruct", "_Py_FalseStruct", "_Py_ZeroStruct",
};

// Opens a mapped file through /proc/PID/root so paths inside containers resolve, falling back to
// the plain path.
Result<elf::ElfFile> openMapped(int pid, const std::string& path) {
    auto viaRoot = elf::ElfFile::open("/proc/" + std::to_string(pid) + "/root" + path, kWantedSymbols);
    if (viaRoot) return viaRoot;
    return elf::ElfFile::open(path, kWantedSymbols);
}

std::optional<LoadedBinary> load(int pid, const std::vector<process::MemoryMap>& maps, const std::string& path) {
    const process::MemoryMap* lowest = nullptr;
    uint64_t end = 0;
    for (const auto& m : maps) {
        if (m.path != path) continue;
        if (!lowest || m.offset < lowest->offset) lowest = &m;
        end = std::max(end, m.end);
    }
    if (!lowest) return std::nullopt;
    auto file = openMapped(pid, path);
    if (!file) return std::nullopt;
    auto bias = file->loadBias(lowest->start, lowest->offset);
    if (!bias) return std::nullopt;
    return LoadedBinary{std::move(*file), path, *bias, lowest->start, end};
}

} // namespace

Result<PythonBinaries> PythonBinaries::locate(int pid) {
    auto maps = process::readMaps(pid);
    if (!maps) return maps.error();
    PythonBinaries result;
    result.maps_ = std::move(*maps);

    char exeBuf[4096];
    const ssize_t n = readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), exeBuf, sizeof exeBuf - 1);
    std::string exe = n > 0 ? std::string(exeBuf, static_cast<size_t>(n)) : std::string();
    const std::string deleted = " (deleted)";
    if (exe.size() > deleted.size() && exe.ends_with(deleted)) exe.resize(exe.size() - deleted.size());
    if (!exe.empty())
        if (auto b = load(pid, result.maps_, exe)) result.binaries_.push_back(std::move(*b));

    std::string libPython;
    for (const auto& m : result.maps_)
        if (m.executable && process::isLibPython(m.path)) {
            libPython = m.path;
            break;
        }
    if (!libPython.empty() && libPython != exe)
        if (auto b = load(pid, result.maps_, libPython)) result.binaries_.push_back(std::move(*b));

    // Keep only files that hold a CPython runtime (its symbols or its .PyRuntime section).
    std::erase_if(result.binaries_, [](const LoadedBinary& b) {
        return !b.elf.symbol("PyCode_Type") && !b.elf.symbol("_PyRuntime") && !b.elf.symbol("interp_head") &&
               !b.elf.symbol("Py_Version") && !b.elf.section(".PyRuntime");
    });
    if (result.binaries_.empty()) {
        if (n < 0 && errno == ENOENT) return process::accessError(pid, ESRCH, "reading /proc/PID/exe");
        return makeError("process " + std::to_string(pid) + " (" + exe + ") does not run CPython: no readable "
                             "Python executable or libpython in its memory map",
                         ErrorKind::Unsupported);
    }
    return result;
}

std::optional<uint64_t> PythonBinaries::symbol(std::string_view name) const {
    for (const auto& b : binaries_)
        if (auto a = b.symbol(name)) return a;
    return std::nullopt;
}

std::optional<elf::Section> PythonBinaries::section(std::string_view name) const {
    for (const auto& b : binaries_)
        if (auto s = b.section(name)) return s;
    return std::nullopt;
}

bool PythonBinaries::isMapped(uint64_t address) const {
    auto it = std::upper_bound(maps_.begin(), maps_.end(), address,
                               [](uint64_t a, const process::MemoryMap& m) { return a < m.start; });
    return it != maps_.begin() && std::prev(it)->contains(address) && std::prev(it)->readable;
}

std::string PythonBinaries::runtimePath() const {
    for (const auto& b : binaries_)
        if (b.elf.symbol("_PyRuntime") || b.elf.symbol("interp_head") || b.elf.section(".PyRuntime"))
            return b.path;
    return binaries_.empty() ? std::string() : binaries_.back().path;
}

PythonVersion versionFromHex(uint32_t hex) {
    PythonVersion v;
    v.major = static_cast<int>(hex >> 24);
    v.minor = static_cast<int>((hex >> 16) & 0xff);
    v.patch = static_cast<int>((hex >> 8) & 0xff);
    v.text = std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
    const unsigned level = (hex >> 4) & 0xf, serial = hex & 0xf;
    if (level == 0xA) v.text += "a" + std::to_string(serial);
    else if (level == 0xB) v.text += "b" + std::to_string(serial);
    else if (level == 0xC) v.text += "rc" + std::to_string(serial);
    return v;
}

std::optional<PythonVersion> parseVersionText(std::string_view text) {
    auto number = [&](size_t& i, int& out) {
        size_t start = i;
        out = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 3)
            out = out * 10 + (text[i++] - '0');
        return i > start;
    };
    PythonVersion v;
    size_t i = 0;
    if (!number(i, v.major) || (v.major != 2 && v.major != 3) || i >= text.size() || text[i++] != '.') return std::nullopt;
    if (!number(i, v.minor) || i >= text.size() || text[i++] != '.') return std::nullopt;
    if (!number(i, v.patch)) return std::nullopt;
    size_t end = i;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '+')) ++end;
    // sys.version continues with " (" (build info); a bare number followed by junk is not it.
    if (end + 1 >= text.size() || text[end] != ' ' || text[end + 1] != '(') return std::nullopt;
    v.text = std::string(text.substr(0, end));
    return v;
}

namespace {

std::optional<PythonVersion> scanForVersion(const std::string& bytes) {
    for (size_t i = 0; i + 8 < bytes.size(); ++i) {
        if ((bytes[i] != '2' && bytes[i] != '3') || bytes[i + 1] != '.') continue;
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(bytes[i - 1])) || bytes[i - 1] == '.')) continue;
        if (auto v = parseVersionText(std::string_view(bytes).substr(i, 64))) return v;
    }
    return std::nullopt;
}

} // namespace

Result<PythonVersion> readPythonVersion(const PythonBinaries& binaries, const process::ProcessMemory& memory) {
    if (auto addr = binaries.symbol("Py_Version")) {
        auto hex = memory.value<uint32_t>(*addr);
        if (!hex) return hex.error();
        PythonVersion v = versionFromHex(*hex);
        if (v.major == 3 && v.minor >= 11) return v;
    }
    for (const char* name : {"version", "version.0", "Py_GetVersion.version"}) {
        auto addr = binaries.symbol(name);
        if (!addr) continue;
        char buf[128] = {};
        if (auto r = memory.read(*addr, buf, sizeof buf - 1); !r) {
            if (r.error().kind == ErrorKind::NotFound || r.error().kind == ErrorKind::Permission) return r.error();
            continue;
        }
        if (auto v = parseVersionText(std::string_view(buf, sizeof buf - 1))) return *v;
    }
    // Stripped builds: sys.version's text sits in the writable data of the runtime.
    for (const char* name : {".bss", ".data"}) {
        auto s = binaries.section(name);
        if (!s || s->size == 0 || s->size > (64u << 20)) continue;
        std::string bytes(s->size, '\0');
        auto r = memory.read(s->address, bytes.data(), bytes.size());
        if (!r) {
            if (r.error().kind == ErrorKind::NotFound || r.error().kind == ErrorKind::Permission) return r.error();
            continue;
        }
        if (auto v = scanForVersion(bytes)) return *v;
    }
    return makeError("cannot find the Python version in process " + std::to_string(memory.pid()) +
                         " (no Py_Version symbol, no version buffer, no version text in .data/.bss of " +
                         binaries.runtimePath() + ")",
                     ErrorKind::Unsupported);
}

} // namespace spyglass::cpython
