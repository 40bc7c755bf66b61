// Reads our own format (layout in spyglass_format.h) a section at a time: each is checked
// (length, checksum, decompressed size, every id in range) before its records reach the model.
#include "core/formats/format_registry.h"
#include "core/formats/spyglass_format.h"
#include "core/formats/spyglass_meta.h"
#include "core/formats/spyglass_tables.h"

#include <algorithm>
#include <cstring>
#include <xxhash.h>
#include <zstd.h>

namespace spyglass {

namespace {

using namespace spyfmt;

struct DCtxFree {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

uint64_t getLe(const uint8_t* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v |= uint64_t(p[i]) << (8 * i);
    return v;
}

struct Section {
    uint32_t tag = 0;
    uint32_t records = 0;
    uint64_t offset = 0; // of its header
    const uint8_t* data = nullptr;
    size_t size = 0;
};

class SectionReader {
  public:
    SectionReader(InputSource& in, const ReadOptions& options)
        : in_(in), options_(options), dctx_(ZSTD_createDCtx()) {}

    uint64_t offset() const { return offset_; }
    const std::string& file() const { return in_.name(); }

    // Reads exactly n bytes; false at the end of the file (got says how many came).
    Result<bool> readExactly(uint8_t* dst, size_t n, size_t& got) {
        got = 0;
        while (got < n) {
            auto r = in_.read(reinterpret_cast<char*>(dst) + got, n - got);
            if (!r) return r.error();
            if (*r == 0) return false;
            got += *r;
        }
        offset_ += n;
        return true;
    }

    Error error(const Section& s, const std::string& what) const {
        return makeError(file() + ": " + std::string(sectionName(s.tag)) + " section at byte " +
                         std::to_string(s.offset) + ": " + what);
    }

    Result<Section> next(uint32_t expectedAfter) {
        Section s;
        s.offset = offset_;
        uint8_t header[kHeaderSize];
        size_t got = 0;
        auto full = readExactly(header, kHeaderSize, got);
        if (!full) return full.error();
        if (!*full)
            return makeError(file() + ": truncated at byte " + std::to_string(s.offset + got) +
                             ": the file ends where a section after the " +
                             std::string(sectionName(expectedAfter)) + " should begin");
        s.tag = static_cast<uint32_t>(getLe(header, 4));
        s.records = static_cast<uint32_t>(getLe(header + 4, 4));
        const uint64_t rawSize = getLe(header + 8, 8), storedSize = getLe(header + 16, 8);
        if (rawSize > kMaxRawSize || storedSize > ZSTD_compressBound(kMaxRawSize) ||
            (rawSize == 0) != (storedSize == 0) || s.records > kMaxRecords)
            return makeError(file() + ": corrupted section header at byte " +
                             std::to_string(s.offset) + " (sizes out of range)");
        stored_.reserve(storedSize);
        auto payload = readExactly(stored_.data(), storedSize, got);
        if (!payload) return payload.error();
        if (!*payload)
            return error(s, "truncated: " + std::to_string(storedSize) +
                                " bytes expected, the file ends after " + std::to_string(got));
        const uint64_t seed = XXH3_64bits(header, 24);
        if (XXH3_64bits_withSeed(stored_.data(), storedSize, seed) != getLe(header + 24, 8))
            return error(s, "checksum mismatch: the file is corrupted");
        raw_.reserve(rawSize);
        if (rawSize) {
            if (!dctx_) return error(s, "out of memory for the decompressor");
            const size_t n =
                ZSTD_decompressDCtx(dctx_.get(), raw_.data(), rawSize, stored_.data(), storedSize);
            if (ZSTD_isError(n) || n != rawSize)
                return error(s, "cannot decompress: the file is corrupted");
        }
        s.data = raw_.data();
        s.size = rawSize;
        if (options_.progress && in_.size() &&
            !options_.progress(static_cast<double>(offset_) / static_cast<double>(in_.size())))
            return makeError(file() + ": reading cancelled", ErrorKind::Cancelled);
        return s;
    }

  private:
    InputSource& in_;
    const ReadOptions& options_;
    std::unique_ptr<ZSTD_DCtx, DCtxFree> dctx_;
    SectionBuffer stored_;
    SectionBuffer raw_;
    uint64_t offset_ = 0;
};

} // namespace

ProfileResult readSpyglass(InputSource& in, const ReadOptions& options) {
    const std::string& file = in.name();
    SectionReader r(in, options);
    uint8_t start[32];
    const size_t headLen = kSpyglassMagic.size() + 4;
    size_t got = 0;
    auto full = r.readExactly(start, headLen, got);
    if (!full) return full.error();
    if (!*full || std::memcmp(start, kSpyglassMagic.data(), kSpyglassMagic.size()) != 0)
        return makeError(file + ": not a Spyglass profile (bad signature or truncated header)");
    const auto major = static_cast<uint16_t>(getLe(start + kSpyglassMagic.size(), 2));
    const auto minor = static_cast<uint16_t>(getLe(start + kSpyglassMagic.size() + 2, 2));
    if (major > kMajorVersion)
        return makeError(file + ": written by a newer Spyglass (format " + std::to_string(major) +
                         "." + std::to_string(minor) + "); this version reads format " +
                         std::to_string(kMajorVersion) + ".x");
    if (major == 0) return makeError(file + ": unknown format version 0." + std::to_string(minor));

    auto metaSection = r.next(kMeta);
    if (!metaSection) return metaSection.error();
    if (metaSection->tag != kMeta)
        return r.error(*metaSection, "expected the metadata section first");
    auto meta = decodeMeta({reinterpret_cast<const char*>(metaSection->data), metaSection->size});
    if (!meta) return r.error(*metaSection, meta.error().message);
    const TableCounts counts = meta->counts;
    auto profile = std::make_unique<Profile>(meta->metrics);
    profile->setMetadata(meta->metadata);
    // Storage for the announced sizes in one go; capped, as a hostile header could announce
    // anything (untouched storage is address space only, and a short reservation only slows).
    // The string and function indexes are allocated for real, hence their smaller cap.
    const uint64_t cap = std::min<uint64_t>(uint64_t{1} << 28,
                                            std::max<uint64_t>(uint64_t{1} << 20, in.size() * 256));
    const uint64_t indexCap = std::max<uint64_t>(uint64_t{1} << 16, in.size() / 8);
    profile->reserveTables({.strings = std::min(counts.strings, indexCap),
                            .functions = std::min(counts.functions, indexCap),
                            .frames = std::min(counts.frames, cap),
                            .stacks = std::min(counts.stacks, cap),
                            .samples = std::min(counts.samples, cap)});
    TableLoader loader(*profile, counts);

    // The tables in file order, each with the records it must end up with.
    struct Table {
        uint32_t tag;
        uint64_t expected;
        bool (TableLoader::*load)(Decoder&, size_t, uint64_t&);
        uint64_t done = 0;
    } tables[] = {{kStrings, counts.strings - 1, &TableLoader::strings},
                  {kFunctions, counts.functions, &TableLoader::functions},
                  {kFrames, counts.frames, &TableLoader::frames},
                  {kStacks, counts.stacks, &TableLoader::stacks},
                  {kThreads, counts.threads, &TableLoader::threads},
                  {kSamples, counts.samples, &TableLoader::samples}};
    size_t current = 0, sections = 1;
    uint32_t lastTag = kMeta;
    for (;;) {
        auto s = r.next(lastTag);
        if (!s) return s.error();
        while (current < std::size(tables) && s->tag != tables[current].tag) {
            if (tables[current].done != tables[current].expected)
                return r.error(*s, "the " + std::string(sectionName(tables[current].tag)) +
                                       " end after " + std::to_string(tables[current].done) +
                                       " of " + std::to_string(tables[current].expected) +
                                       " records");
            ++current;
        }
        if (current == std::size(tables)) {
            if (s->tag != kEnd) return r.error(*s, "unexpected section here");
            if (s->records != sections)
                return r.error(*s, "section count does not match: sections are missing");
            break;
        }
        Table& t = tables[current];
        if (s->records == 0 || t.done + s->records > t.expected)
            return r.error(*s, "more records than the metadata announced");
        Decoder d(s->data, s->size);
        if (!(loader.*t.load)(d, s->records, t.done)) return r.error(*s, loader.problem);
        if (!d.atEnd()) return r.error(*s, "unexpected bytes after the records");
        lastTag = s->tag;
        ++sections;
    }
    char extra;
    auto after = in.read(&extra, 1);
    if (!after) return after.error();
    if (*after != 0)
        return makeError(file + ": unexpected data after the end section at byte " +
                         std::to_string(r.offset()));
    return profile;
}

} // namespace spyglass
