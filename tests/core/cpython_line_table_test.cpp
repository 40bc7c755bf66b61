// Line-table decoding on hand-built tables: signed deltas, "no line" entries, varints past 65,535,
// and lookups at range boundaries. (The real interpreters' tables are checked by cpython_stack_test.)
#include <gtest/gtest.h>

#include <climits>

#include "core/cpython/line_table.h"

using namespace spyglass::cpython;

namespace {

TEST(LineTable, LnotabWithSignedDeltas) {
    // addr 0: line 10; +6 bytes +2 lines; +4 bytes -1 line (3.6+ signed); +0 bytes +127, +8 +127.
    const std::vector<uint8_t> t = {6, 2, 4, 0xFF, 0, 127, 8, 127};
    const LineTable lt = decodeLnotab(t, 10, true);
    EXPECT_EQ(lt.lineAt(-1), 10);
    EXPECT_EQ(lt.lineAt(0), 10);
    EXPECT_EQ(lt.lineAt(5), 10);
    EXPECT_EQ(lt.lineAt(6), 12);
    EXPECT_EQ(lt.lineAt(9), 12);
    EXPECT_EQ(lt.lineAt(10), 11 + 127);
    EXPECT_EQ(lt.lineAt(18), 11 + 254);
    // 2.7 reads the same byte as +255.
    EXPECT_EQ(decodeLnotab(t, 10, false).lineAt(10), 12 + 255 + 127);
}

TEST(LineTable, Linetable310SkipsNoLineEntries) {
    // [0,4) line 5; [4,8) no line (keeps 5); [8,10) line 5-2 = 3.
    const std::vector<uint8_t> t = {4, 0, 4, 0x80, 2, 0xFE};
    const LineTable lt = decodeLinetable310(t, 5);
    EXPECT_EQ(lt.lineAt(0), 5);
    EXPECT_EQ(lt.lineAt(6), 5);
    EXPECT_EQ(lt.lineAt(8), 3);
}

TEST(LineTable, LocationTableVarintsAndBoundaries) {
    std::vector<uint8_t> t;
    // Entry 1: one-line form, code 11 (+1 line), 2 code units, 2 column bytes.
    t.insert(t.end(), {static_cast<uint8_t>(0x80 | (11 << 3) | 1), 0, 5});
    // Entry 2: no-column form (13), svarint +70000 (zigzag 140000), 1 code unit.
    uint32_t z = 140000;
    t.push_back(static_cast<uint8_t>(0x80 | (13 << 3) | 0));
    while (true) {
        uint8_t b = z & 63;
        z >>= 6;
        if (z) b |= 64;
        t.push_back(b);
        if (!z) break;
    }
    // Entry 3: long form (14), svarint -3 (zigzag 7), end-line 0, cols 1, 1.
    t.insert(t.end(), {static_cast<uint8_t>(0x80 | (14 << 3) | 0), 7, 0, 1, 1});
    // Entry 4: no location (15).
    t.push_back(static_cast<uint8_t>(0x80 | (15 << 3) | 0));
    const LineTable lt = decodeLocationTable(t, 100);
    EXPECT_EQ(lt.lineAt(0), 101);
    EXPECT_EQ(lt.lineAt(3), 101);
    EXPECT_EQ(lt.lineAt(4), 70101); // exactly at the boundary: the new entry's line
    EXPECT_EQ(lt.lineAt(6), 70098);
    EXPECT_EQ(lt.lineAt(8), 70098); // no location: keeps the previous line
}

TEST(LineTable, HostileDeltasSaturateInsteadOfOverflowing) {
    // A torn read can give any first line and any table; the line must stop at int32's ends.
    const std::vector<uint8_t> up = {2, 127, 2, 127};
    EXPECT_EQ(decodeLnotab(up, INT32_MAX - 10, true).lineAt(4), INT32_MAX);
    const std::vector<uint8_t> down = {2, 0x81, 2, 0x81};
    EXPECT_EQ(decodeLinetable310(down, INT32_MIN + 10).lineAt(2), INT32_MIN);
    // Location table: two +2^30 svarints (zigzag 2^31 → five 6-bit groups, the last 2).
    std::vector<uint8_t> t;
    for (int i = 0; i < 2; ++i) t.insert(t.end(), {static_cast<uint8_t>(0x80 | (13 << 3)), 64, 64, 64, 64, 64, 2});
    EXPECT_EQ(decodeLocationTable(t, INT32_MAX - 5).lineAt(2), INT32_MAX);
}

} // namespace
