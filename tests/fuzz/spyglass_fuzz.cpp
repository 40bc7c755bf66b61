// libFuzzer target for our own format's reader, through the same entry point the CLI uses. Two
// kinds of input:
//  - a file as it is (signature prepended when missing, so effort goes past format detection):
//    exercises headers, sizes, checksums, truncation;
//  - "RAW!" then sections as (u32 tag, u32 records, u16 length, payload) with the payload
//    uncompressed: the harness compresses and checksums each, so mutations reach the decoders
//    behind the checksums (varints, ids, counts) instead of dying at the first checksum.
// Anything read must be valid for queries and must survive write -> read unchanged.
#include <xxhash.h>
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"
#include "core/formats/spyglass_format.h"
#include "core/query/call_tree.h"

namespace {

using namespace spyglass;

uint64_t le(std::string_view s, size_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t(uint8_t(s[at + i])) << (8 * i);
    return v;
}

void put(std::string& out, uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

std::string fileFromRaw(std::string_view in) {
    std::string out(kSpyglassMagic);
    put(out, spyfmt::kMajorVersion, 2);
    put(out, spyfmt::kMinorVersion, 2);
    size_t at = 4;
    while (at + 10 <= in.size()) {
        const uint64_t tag = le(in, at, 4), records = le(in, at + 4, 4);
        const size_t length = std::min<size_t>(le(in, at + 8, 2), in.size() - at - 10);
        const std::string_view payload = in.substr(at + 10, length);
        at += 10 + length;
        std::string stored;
        if (!payload.empty()) {
            stored.resize(ZSTD_compressBound(payload.size()));
            stored.resize(ZSTD_compress(stored.data(), stored.size(), payload.data(), payload.size(), 1));
        }
        const size_t header = out.size();
        put(out, tag, 4);
        put(out, records, 4);
        put(out, payload.size(), 8);
        put(out, stored.size(), 8);
        put(out, XXH3_64bits_withSeed(stored.data(), stored.size(), XXH3_64bits(out.data() + header, 24)), 8);
        out += stored;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.starts_with("RAW!")) bytes = fileFromRaw(bytes);
    else if (!std::string_view(bytes).starts_with(kSpyglassMagic)) bytes.insert(0, kSpyglassMagic);
    auto profile = readProfileData(bytes, "fuzz.spyglass");
    if (!profile) {
        if (profile.error().message.empty()) __builtin_trap();
        return 0;
    }
    const Profile& p = **profile;
    const std::string dump = buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown).dump(p, 50);
    std::string file;
    auto sink = OutputSink::toString(&file);
    if (!writeSpyglass(p, *sink, WriteOptions{})) __builtin_trap();
    auto again = readProfileData(file, "fuzz-again.spyglass");
    if (!again) __builtin_trap();
    const Profile& q = **again;
    if (q.sampleCount() != p.sampleCount() || q.stackCount() != p.stackCount() ||
        q.frameCount() != p.frameCount() || q.strings().size() != p.strings().size() ||
        q.threadCount() != p.threadCount())
        __builtin_trap();
    if (buildCallTree(ProfileSnapshot::of(q), {}, TreeKind::TopDown).dump(q, 50) != dump) __builtin_trap();
    return 0;
}
