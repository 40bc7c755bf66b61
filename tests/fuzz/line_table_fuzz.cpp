// libFuzzer target for the three CPython line-table decoders. Their input is read from another
// process and may be torn or garbage: any bytes and any first line must decode without undefined
// behaviour (UBSan traps in the fuzz build), with a table sorted by offset, and lookups that
// answer for every offset.
#include "core/cpython/line_table.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

using namespace spyglass::cpython;

namespace {

void check(const LineTable& table, int32_t firstLine) {
    const auto& starts = table.starts();
    for (size_t i = 1; i < starts.size(); ++i)
        if (starts[i].offset < starts[i - 1].offset) __builtin_trap();
    if (table.lineAt(-1) != firstLine) __builtin_trap();
    (void)table.lineAt(0);
    (void)table.lineAt(INT64_MAX);
    for (const LineStart& s : starts)
        (void)table.lineAt(s.offset);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 5) return 0;
    int32_t firstLine = 0;
    std::memcpy(&firstLine, data, 4);
    const uint8_t format = data[4] % 4;
    const std::span<const uint8_t> bytes(data + 5, size - 5);
    switch (format) {
    case 0: check(decodeLnotab(bytes, firstLine, false), firstLine); break;
    case 1: check(decodeLnotab(bytes, firstLine, true), firstLine); break;
    case 2: check(decodeLinetable310(bytes, firstLine), firstLine); break;
    default: check(decodeLocationTable(bytes, firstLine), firstLine); break;
    }
    return 0;
}
