#pragma once
// Decoding CPython's per-code-object line tables into one lookup form: a sorted list of
// (first bytecode byte offset, line). The three formats:
//  - co_lnotab (2.7–3.9): (byte increment, line increment) pairs; the line increment is a signed
//    byte since 3.6, unsigned in 2.7.
//  - co_linetable (3.10): (byte delta, signed line delta) pairs, line delta -128 = "no line".
//  - the location table (3.11+): variable-length entries in code units, with varint line deltas
//    (Objects/locations.md).
// Ranges without a line keep the previous line: a sampler wants the nearest line, not -1.
#include <cstdint>
#include <span>
#include <vector>

namespace spyglass::cpython {

struct LineStart {
    uint32_t offset; // byte offset of the first instruction of the range
    int32_t line;
};

class LineTable {
public:
    LineTable() = default;
    LineTable(std::vector<LineStart> starts, int32_t firstLine)
        : starts_(std::move(starts)), firstLine_(firstLine) {}

    // The line of the instruction at `byteOffset`; the first line for negative offsets (a frame
    // that has not started) and for offsets before the table.
    int32_t lineAt(int64_t byteOffset) const;
    const std::vector<LineStart>& starts() const { return starts_; }
    size_t memoryBytes() const { return starts_.capacity() * sizeof(LineStart); }

private:
    std::vector<LineStart> starts_;
    int32_t firstLine_ = 0;
};

LineTable decodeLnotab(std::span<const uint8_t> table, int32_t firstLine, bool signedLineDeltas);
LineTable decodeLinetable310(std::span<const uint8_t> table, int32_t firstLine);
LineTable decodeLocationTable(std::span<const uint8_t> table, int32_t firstLine);

} // namespace spyglass::cpython
