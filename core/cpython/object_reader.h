#pragma once
// Reading Python objects out of the target: strings (PEP 393 and 2.7 str/unicode) as UTF-8,
// bytes, ints, floats, tuples. Everything is checked against the type object's address where the
// type is known, and against size limits: garbage yields ErrorKind::Torn, never a made-up value.
#include <cstdint>
#include <string>
#include <vector>

#include "core/cpython/offsets.h"
#include "core/model/result.h"
#include "core/process/process_memory.h"

namespace spyglass::cpython {

// Run-time addresses of the type objects (and singletons) the reader compares against; 0 where
// the symbol is missing, which disables that check.
struct TypeAddresses {
    uint64_t code = 0;
    uint64_t frame = 0; // PyFrame_Type
    uint64_t unicode = 0; // str (3.x), unicode (2.7)
    uint64_t bytes = 0;   // bytes (3.x), str (2.7)
    uint64_t integer = 0; // int (3.x), long (2.7)
    uint64_t py2int = 0;  // int (2.7)
    uint64_t floating = 0;
    uint64_t boolean = 0;
    uint64_t dict = 0;
    uint64_t tuple = 0;
    uint64_t none = 0;
    uint64_t trueObject = 0;
    uint64_t falseObject = 0;
};

inline constexpr size_t kMaxStringChars = 1 << 16;
inline constexpr size_t kMaxBytes = 1 << 20;

class ObjectReader {
public:
    ObjectReader(const process::ProcessMemory& memory, const PyOffsets& offsets, const TypeAddresses& types)
        : memory_(memory), off_(offsets), types_(types) {}

    uint64_t typeOf(uint64_t object) const; // 0 when unreadable
    Result<std::string> string(uint64_t object, size_t maxChars = kMaxStringChars) const;
    Result<std::vector<uint8_t>> bytes(uint64_t object, size_t maxBytes = kMaxBytes) const;
    // A tuple's item pointers.
    Result<std::vector<uint64_t>> tuple(uint64_t object, size_t maxItems = 1 << 16) const;
    // An int (3.x int, 2.7 int or long) that fits in 64 bits.
    Result<int64_t> integer(uint64_t object) const;
    Result<double> floating(uint64_t object) const;
    // A short repr of simple values (int, float, str, bytes, None, bool) as py-spy's dump shows
    // them; an error for anything else.
    Result<std::string> simpleRepr(uint64_t object, size_t maxChars = 80) const;

    const PyOffsets& offsets() const { return off_; }
    const TypeAddresses& types() const { return types_; }
    const process::ProcessMemory& memory() const { return memory_; }

private:
    Result<std::string> unicode3(uint64_t object, size_t maxChars) const;
    Result<std::string> unicode2(uint64_t object, size_t maxChars) const;

    const process::ProcessMemory& memory_;
    const PyOffsets& off_;
    const TypeAddresses& types_;
};

// Appends code point `cp` as UTF-8 (lone surrogates and out-of-range values become U+FFFD).
void appendUtf8(std::string& out, uint32_t cp);

} // namespace spyglass::cpython
