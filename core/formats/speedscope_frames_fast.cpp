// The hot loop of a speedscope file: a sample's frame indices, `[12,3456,78]`, nine tenths of a
// py-spy file's bytes. RapidJSON's general number parse and its per-value dispatch cost about
// 15 ns an index (docs/BENCHMARKS.md); this reads a whole array of plain integers from the input
// buffer in one tight loop instead, called from StartArray before RapidJSON looks at the array.
//
// It must not change what the parse accepts or reports, so it is all or nothing: it reads the
// array only when every element up to the closing ']' is a plain integer (no sign, fraction,
// exponent or leading zero, at most seven digits) inside the buffered bytes, and leaves the stream
// at that ']' for RapidJSON to close the array as empty (EndArray does not use the count).
// Anything else (a value RapidJSON would parse differently or reject, an array crossing the
// buffer's end) rolls it back and RapidJSON parses the array from its first element. Each index
// goes through the same checks as in Uint64, with the stream positioned right after its digits
// as RapidJSON would have it, so a bad index fails with the same byte offset and path; its
// bookkeeping for a later error (the largest index used, and where) is the same on a rerun.
#include "core/formats/speedscope_handler.h"

#include <bit>
#include <cstring>

namespace spyglass::speedscope {

namespace {

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
    const uint64_t notDigit = ((chunk & kHigh) ^ kZeros) | (((chunk + 0x0606060606060606) & kHigh) ^ kZeros);
    const uint64_t flags = (((notDigit & 0x7F7F7F7F7F7F7F7F) + 0x7F7F7F7F7F7F7F7F) | notDigit) &
                           0x8080808080808080; // the top bit of each non-digit byte
    if (flags == 0) return 8;
    const auto length = static_cast<unsigned>(std::countr_zero(flags)) >> 3;
    if (length == 0) return 0;
    // The digits moved to the top, zeros before them, then summed pairwise (x10, x100, x10000).
    uint64_t x = (chunk - kZeros) << (64 - 8 * length);
    x = x * 10 + (x >> 8);
    x = ((x & 0x000000FF000000FF) * (100 + (1000000ULL << 32)) +
         ((x >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32))) >> 32;
    value = static_cast<uint32_t>(x);
    return length;
}

} // namespace

bool SaxHandler::readFramesFast() {
    const char* const start = input_.cursor();
    const char* const end = input_.bufferEnd();
    Level& level = levels_.back();
    const char* p = start;
    uint64_t count = 0;
    const char* q = skipSpace(start);
    for (;;) {
        uint32_t v = 0;
        const unsigned length = digitRun(q, v);
        if (length == 0 || length == 8 || (length > 1 && *q == '0')) break; // not a plain index
        const char* r = q + length;
        // Where RapidJSON's number would end too, and a complete one (not cut by the buffer).
        const char t = *r;
        if (t != ',' && t != ']' && (t == '.' || t == 'e' || t == 'E' || r >= end)) break;
        p = r;
        ++count;
        if (v < checkedFrames_ && stack_.size() < kMaxStackDepth) [[likely]] {
            stack_.push_back(v);
        } else {
            level.count = count;
            input_.skipTo(p);
            if (!stackFrame(v)) return false;
        }
        if (t == ',') [[likely]] {
            q = skipSpace(r + 1);
            continue;
        }
        const char* next = skipSpace(r);
        if (*next != ',') break;
        q = skipSpace(next + 1);
    }
    const char* close = skipSpace(p);
    if (count > 0 && *close == ']') {
        level.count = count;
        input_.skipTo(close);
    } else {
        level.count = 0;
        stack_.clear();
        input_.skipTo(start);
    }
    return true;
}

} // namespace spyglass::speedscope
