#pragma once
// Symbols and sections of an ELF file (the Python executable or libpython), read with libelf.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/result.h"

namespace spyglass::elf {

struct Section {
    uint64_t address = 0; // link-time virtual address
    uint64_t size = 0;
    bool noBits = false; // .bss: occupies memory, not file space
};

struct LoadSegment {
    uint64_t fileOffset = 0;
    uint64_t virtualAddress = 0;
    uint64_t fileSize = 0;
    uint64_t memorySize = 0;
    bool executable = false;
};

class ElfFile {
public:
    // Reads the symbol tables (.symtab and .dynsym), section headers and load segments. A stripped
    // file still has .dynsym; a file without either is fine (symbol() then finds nothing).
    // `wanted`, when not empty, limits the symbols kept to those names (libpython has ~20,000).
    static Result<ElfFile> open(const std::string& path, std::span<const std::string_view> wanted = {});

    // Link-time address of a defined symbol (data or function), from .symtab or .dynsym.
    std::optional<uint64_t> symbol(std::string_view name) const;
    std::optional<uint64_t> symbolSize(std::string_view name) const;
    std::optional<Section> section(std::string_view name) const;
    const std::vector<LoadSegment>& segments() const { return segments_; }
    bool isSharedObject() const { return sharedObject_; }
    const std::string& path() const { return path_; }

    // The load bias: what to add to a link-time address to get the address in the process, given
    // one mapping of this file (its start and file offset, from /proc/PID/maps).
    std::optional<uint64_t> loadBias(uint64_t mapStart, uint64_t mapOffset) const;

private:
    struct Symbol {
        uint64_t address;
        uint64_t size;
    };
    std::string path_;
    bool sharedObject_ = false;
    std::unordered_map<std::string, Symbol> symbols_;
    std::unordered_map<std::string, Section> sections_;
    std::vector<LoadSegment> segments_;
};

} // namespace spyglass::elf
