#include "core/cpython/line_table.h"

#include <algorithm>
#include <climits>

namespace spyglass::cpython {

int32_t LineTable::lineAt(int64_t byteOffset) const {
    if (byteOffset < 0 || starts_.empty()) return firstLine_;
    auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<uint64_t>(byteOffset),
                               [](uint64_t off, const LineStart& s) { return off < s.offset; });
    if (it == starts_.begin()) return firstLine_;
    return std::prev(it)->line;
}

namespace {

// Appends a range start, replacing an earlier start at the same offset (a later entry for the same
// instruction wins, as in CPython's loops).
// A torn or hostile table can push the line past int32; saturate instead of overflowing.
int32_t stepLine(int32_t line, int64_t delta) {
    return static_cast<int32_t>(std::clamp<int64_t>(int64_t{line} + delta, INT32_MIN, INT32_MAX));
}

void addStart(std::vector<LineStart>& starts, uint32_t offset, int32_t line) {
    if (!starts.empty() && starts.back().offset == offset) starts.back().line = line;
    else if (starts.empty() || starts.back().line != line) starts.push_back({offset, line});
}

} // namespace

LineTable decodeLnotab(std::span<const uint8_t> table, int32_t firstLine, bool signedLineDeltas) {
    // PyCode_Addr2Line ≤3.9: addr += a; if addr > lasti: stop; line += l.
    std::vector<LineStart> starts{{0, firstLine}};
    uint32_t addr = 0;
    int32_t line = firstLine;
    for (size_t i = 0; i + 1 < table.size(); i += 2) {
        addr += table[i];
        line = stepLine(line, signedLineDeltas ? static_cast<int8_t>(table[i + 1]) : table[i + 1]);
        addStart(starts, addr, line);
    }
    return LineTable(std::move(starts), firstLine);
}

LineTable decodeLinetable310(std::span<const uint8_t> table, int32_t firstLine) {
    // Objects/lnotab_notes.txt (3.10): each pair covers [addr, addr+sdelta); ldelta -128 = no line.
    std::vector<LineStart> starts;
    uint32_t addr = 0;
    int32_t line = firstLine;
    for (size_t i = 0; i + 1 < table.size(); i += 2) {
        const uint8_t sdelta = table[i];
        const int8_t ldelta = static_cast<int8_t>(table[i + 1]);
        if (ldelta != -128) line = stepLine(line, ldelta);
        if (sdelta != 0) addStart(starts, addr, line);
        addr += sdelta;
    }
    return LineTable(std::move(starts), firstLine);
}

namespace {

struct Cursor {
    std::span<const uint8_t> bytes;
    size_t pos = 0;
    bool atEnd() const { return pos >= bytes.size(); }
    // A byte that starts an entry has bit 7 set; payload bytes never do.
    bool atPayload() const { return !atEnd() && (bytes[pos] & 0x80) == 0; }
    uint32_t varint() {
        if (!atPayload()) return 0;
        uint8_t b = bytes[pos++];
        uint32_t value = b & 63;
        int shift = 0;
        while ((b & 64) && atPayload() && shift < 28) {
            b = bytes[pos++];
            shift += 6;
            value |= static_cast<uint32_t>(b & 63) << shift;
        }
        return value;
    }
    int32_t svarint() {
        const uint32_t u = varint();
        return (u & 1) ? -static_cast<int32_t>(u >> 1) : static_cast<int32_t>(u >> 1);
    }
};

} // namespace

LineTable decodeLocationTable(std::span<const uint8_t> table, int32_t firstLine) {
    std::vector<LineStart> starts;
    Cursor c{table};
    uint32_t addr = 0;
    int32_t line = firstLine;
    while (!c.atEnd()) {
        const uint8_t first = c.bytes[c.pos++];
        if ((first & 0x80) == 0) continue; // resynchronise on the next entry
        const int code = (first >> 3) & 15;
        const uint32_t length = ((first & 7) + 1) * 2; // code units → bytes
        int32_t delta = 0;
        if (code == 14 || code == 13) delta = c.svarint();
        else if (code >= 10 && code <= 12) delta = code - 10;
        line = stepLine(line, delta);
        addStart(starts, addr, line);
        addr += length;
        // Skip the rest of the payload (columns, end line): CPython finds the next entry by bit 7.
        while (c.atPayload()) ++c.pos;
    }
    return LineTable(std::move(starts), firstLine);
}

} // namespace spyglass::cpython
