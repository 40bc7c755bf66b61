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
#include "core/formats/speedscope_scan.h"

namespace spyglass::speedscope {

bool SaxHandler::readFramesFast() {
    const char* const start = input_.cursor();
    const char* const end = input_.bufferEnd();
    Level& level = levels_.back();
    const char* p = start;
    uint64_t count = 0;
    const char* q = scan::skipSpace(start);
    for (;;) {
        uint32_t v = 0;
        const unsigned length = scan::plainInteger(q, v);
        if (length == 0) break; // not a plain index
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
            q = scan::skipSpace(r + 1);
            continue;
        }
        const char* next = scan::skipSpace(r);
        if (*next != ',') break;
        q = scan::skipSpace(next + 1);
    }
    const char* close = scan::skipSpace(p);
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
