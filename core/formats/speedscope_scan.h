#pragma once
// Scanning JSON text in the input buffer for the speedscope reader's fast paths
// (speedscope_frames_fast.cpp, speedscope_weights_fast.cpp): whitespace as RapidJSON skips it and
// runs of digits eight bytes at a time.
#include <bit>
#include <cstdint>
#include <cstring>

namespace spyglass::speedscope::scan {

// JSON's whitespace, as RapidJSON skips it.
inline const char* skipSpace(const char* p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        ++p;
    return p;
}

// The length of the run of decimal digits at p, 0 to 7 (8: eight or more), and when 1 to 7 their
// value: eight bytes at once, without a branch on the length, which changes from one index to the
// next and would be mispredicted in a byte loop. Reads 8 bytes, which the stream's padding allows.
// A byte is a digit when it is 0x3_ and adding 6 keeps it 0x3_; a carry out of a byte (>= 0xFA)
// can only mislabel the bytes after a non-digit, which never count.
inline unsigned digitRun(const char* p, uint32_t& value) {
    constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0, kZeros = 0x3030303030303030;
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    const uint64_t notDigit =
        ((chunk & kHigh) ^ kZeros) | (((chunk + 0x0606060606060606) & kHigh) ^ kZeros);
    const uint64_t flags = (((notDigit & 0x7F7F7F7F7F7F7F7F) + 0x7F7F7F7F7F7F7F7F) | notDigit) &
                           0x8080808080808080; // the top bit of each non-digit byte
    if (flags == 0) return 8;
    const auto length = static_cast<unsigned>(std::countr_zero(flags)) >> 3;
    if (length == 0) return 0;
    // The digits moved to the top, zeros before them, then summed pairwise (x10, x100, x10000).
    uint64_t x = (chunk - kZeros) << (64 - 8 * length);
    x = x * 10 + (x >> 8);
    x = (x & 0x000000FF000000FF) * (100 + (1000000ULL << 32)) +
        ((x >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32));
    value = static_cast<uint32_t>(x >> 32);
    return length;
}

// The digits of a plain JSON integer at p, as RapidJSON reads one: 1 to 7 of them and no leading
// zero, with their value; 0 for anything else (no digit, eight or more, a leading zero).
inline unsigned plainInteger(const char* p, uint32_t& value) {
    const unsigned length = digitRun(p, value);
    return length == 8 || (length > 1 && *p == '0') ? 0 : length;
}

} // namespace spyglass::speedscope::scan
