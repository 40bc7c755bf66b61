// The hot loop of a speedscope file: a sample's frame indices, `[12,3456,78]`, nine tenths of a
// py-spy file's bytes. RapidJSON's general number parse and its per-value dispatch cost about
// 15 ns an index (docs/BENCHMARKS.md); this reads a whole array of plain integers from the input
// buffer in one tight loop instead, called from StartArray before RapidJSON looks at the array.
//
// It must not change what the parse accepts or reports, so it is all or nothing: it reads the
// array only when every element up to the closing ']' is a plain integer (no sign, fraction,
// exponent or leading zero, at most nine digits) inside the buffered bytes, and leaves the stream
// at that ']' for RapidJSON to close the array as empty (EndArray does not use the count).
// Anything else (a value RapidJSON would parse differently or reject, an array crossing the
// buffer's end) rolls it back and RapidJSON parses the array from its first element. Each index
// goes through the same checks as in Uint64, with the stream positioned right after its digits
// as RapidJSON would have it, so a bad index fails with the same byte offset and path; its
// bookkeeping for a later error (the largest index used, and where) is the same on a rerun.
#include "core/formats/speedscope_handler.h"

namespace spyglass::speedscope {

namespace {

// JSON's whitespace, as RapidJSON skips it.
inline const char* skipSpace(const char* p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        ++p;
    return p;
}

inline unsigned digit(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0'); }

} // namespace

bool SaxHandler::readFramesFast() {
    const char* const start = input_.cursor();
    const char* const end = input_.bufferEnd();
    Level& level = levels_.back();
    const char* p = start;
    uint64_t count = 0;
    for (;;) {
        const char* q = p;
        if (count > 0) {
            q = skipSpace(q);
            if (*q != ',') break;
            ++q;
        }
        q = skipSpace(q);
        uint32_t v = digit(*q);
        if (v > 9) break;
        const char* r = q + 1;
        if (v != 0) {
            for (unsigned d; r - q < 9 && (d = digit(*r)) <= 9; ++r)
                v = v * 10 + d;
        }
        // Where RapidJSON's number would end too, and a complete one (not cut by the buffer).
        const char t = *r;
        if (digit(t) <= 9 || t == '.' || t == 'e' || t == 'E' || r >= end) break;
        p = r;
        ++count;
        if (v < checkedFrames_ && stack_.size() < kMaxStackDepth) [[likely]] {
            stack_.push_back(v);
            continue;
        }
        level.count = count;
        input_.skipTo(p);
        if (!stackFrame(v)) return false;
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
