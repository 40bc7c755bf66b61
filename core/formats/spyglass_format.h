#pragma once
// Spyglass's own file format: versioned, compressed, lossless, read and written a section at a
// time so memory stays one section's worth beyond the model.
//
//   file    := magic version section* end
//   magic   := kSpyglassMagic (format_registry.h, 13 bytes)
//   version := u16 major, u16 minor (little-endian). A reader refuses a newer major version;
//              a newer minor only adds what older readers may skip (JSON keys).
//   section := header payload
//   header  := u32 tag, u32 records, u64 rawSize, u64 storedSize, u64 checksum (little-endian)
//              tag: four ASCII letters (below); records: how many records the payload holds;
//              rawSize: payload bytes once decompressed; storedSize: bytes in the file (one zstd
//              frame, 0 when rawSize is 0); checksum: XXH3-64 of the stored payload, seeded with
//              the XXH3-64 of the header's first 24 bytes, so header and payload are both covered.
//
// Sections come in this order; tables longer than one block are split over several sections of
// the same tag, each holding the next records (ids continue from the previous section):
//   META  one, JSON: {"metrics":[{"name","unit"}], "metadata":{...}, "counts":{"strings",
//         "functions","frames","stacks","threads","samples"}, "writer"}. Strings that are not
//         valid UTF-8 are written as {"hex":"..."}.
//   STRS  strings 1..n-1 (id 0 is always ""): n varint lengths, then the bytes.
//   FUNC  functions, column by column: name, file, module, package (varint string ids), then kind
//         and category (one byte each).
//   FRAM  frames: function (varint), then line (varint) columns.
//   STAK  stack trie nodes: id - parent (varint; 0 for a root node), then frame (varint) columns.
//         A node's parent always comes before it; depth is derived.
//   THRD  threads: id (varint u64), then name (varint string id) columns.
//   SMPL  samples: time (zigzag varint delta from the previous sample of the section, the first
//         from 0), thread (varint), stack + 1 (varint, 0 = no stack), flags (bytes), then one
//         zigzag varint column per metric.
//   END.  no payload; records = number of sections before it. Anything after it is an error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace spyglass::spyfmt {

inline constexpr uint16_t kMajorVersion = 1;
inline constexpr uint16_t kMinorVersion = 0;
inline constexpr size_t kHeaderSize = 32;

// Records per section (strings: also a byte budget). Big enough to amortize the per-section
// cost, small enough that one section's buffers stay a few megabytes.
inline constexpr size_t kBlockRecords = size_t{1} << 17;
inline constexpr size_t kStringBlockBytes = size_t{4} << 20;
// What a reader accepts: anything larger is corruption or hostility, not our writer.
inline constexpr uint64_t kMaxRawSize = uint64_t{64} << 20;
inline constexpr uint64_t kMaxRecords = uint64_t{1} << 22;

constexpr uint32_t tag(const char (&s)[5]) {
    return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
           uint32_t(uint8_t(s[3])) << 24;
}
inline constexpr uint32_t kMeta = tag("META");
inline constexpr uint32_t kStrings = tag("STRS");
inline constexpr uint32_t kFunctions = tag("FUNC");
inline constexpr uint32_t kFrames = tag("FRAM");
inline constexpr uint32_t kStacks = tag("STAK");
inline constexpr uint32_t kThreads = tag("THRD");
inline constexpr uint32_t kSamples = tag("SMPL");
inline constexpr uint32_t kEnd = tag("END.");

std::string_view sectionName(uint32_t tag);

inline uint64_t zigzag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t unzigzag(uint64_t v) {
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Appends varints to a byte buffer the caller sized with maxBytes (10 bytes a value at most).
inline uint8_t* putVarint(uint8_t* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<uint8_t>(v | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    return p;
}

// A payload buffer grown to the largest section and never cleared: every byte used is written
// first, so zeroing it (as std::vector::resize does, each time it grows) would be waste.
class SectionBuffer {
  public:
    void reserve(size_t n) {
        if (n <= capacity_) return;
        data_ = std::make_unique_for_overwrite<uint8_t[]>(n);
        capacity_ = n;
    }
    uint8_t* data() { return data_.get(); }

  private:
    std::unique_ptr<uint8_t[]> data_;
    size_t capacity_ = 0;
};

// Reads varints and bytes from a decompressed payload, failing (not crashing) past its end.
class Decoder {
  public:
    Decoder(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    bool varint(uint64_t& v) {
        if (end_ - p_ >= 10) [[likely]] { // no bounds checks needed: a varint is 10 bytes at most
            uint64_t b = *p_++;
            if (b < 0x80) [[likely]] {
                v = b;
                return true;
            }
            v = b & 0x7F;
            for (unsigned shift = 7; shift < 64; shift += 7) {
                b = *p_++;
                v |= (b & 0x7F) << shift;
                if (b < 0x80) return shift < 63 || b <= 1;
            }
            return false;
        }
        v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return false;
            const uint8_t b = *p_++;
            v |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return shift < 63 || b <= 1;
        }
        return false;
    }
    bool u32(uint32_t& v) {
        uint64_t x;
        if (!varint(x) || x > UINT32_MAX) return false;
        v = static_cast<uint32_t>(x);
        return true;
    }
    bool bytes(size_t n, const uint8_t*& out) {
        if (static_cast<size_t>(end_ - p_) < n) return false;
        out = p_;
        p_ += n;
        return true;
    }
    bool atEnd() const { return p_ == end_; }

  private:
    const uint8_t* p_;
    const uint8_t* end_;
};

} // namespace spyglass::spyfmt
