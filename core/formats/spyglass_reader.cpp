// Reads our own format (layout in spyglass_format.h) a section at a time: each is checked
// (length, checksum, decompressed size, every id in range) before its records reach the model.
#include "core/formats/format_registry.h"
#include "core/formats/spyglass_format.h"
#include "core/formats/spyglass_meta.h"

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

// Decodes one section's records into the model. `done` counts the table's records so far.
class TableLoader {
  public:
    TableLoader(Profile& p, const TableCounts& counts) : p_(p), counts_(counts) {}

    bool strings(Decoder& d, size_t n, uint64_t& done);
    bool functions(Decoder& d, size_t n, uint64_t& done);
    bool frames(Decoder& d, size_t n, uint64_t& done);
    bool stacks(Decoder& d, size_t n, uint64_t& done);
    bool threads(Decoder& d, size_t n, uint64_t& done);
    bool samples(Decoder& d, size_t n, uint64_t& done);
    std::string problem;

  private:
    bool fail(std::string what) {
        problem = std::move(what);
        return false;
    }
    bool column(Decoder& d, size_t n, std::vector<uint64_t>& out, uint64_t limit,
                const char* what) {
        out.resize(n);
        for (size_t i = 0; i < n; ++i)
            if (!d.varint(out[i]) || out[i] >= limit)
                return fail(std::string(what) + " of record " + std::to_string(i) +
                            " is out of range");
        return true;
    }

    // n varint ids below limit into ids_.
    bool idColumn(Decoder& d, size_t n, uint64_t limit, const char* what) {
        ids_.resize(n);
        for (size_t i = 0; i < n; ++i) {
            uint64_t v;
            if (!d.varint(v) || v >= limit)
                return fail(std::string(what) + " of record " + std::to_string(i) +
                            " is out of range");
            ids_[i] = static_cast<uint32_t>(v);
        }
        return true;
    }

    Profile& p_;
    const TableCounts& counts_;
    std::vector<uint64_t> a_, b_, c_, d_;
    std::vector<uint32_t> ids_;
};

bool TableLoader::strings(Decoder& d, size_t n, uint64_t& done) {
    if (!column(d, n, a_, kMaxRawSize, "the length")) return false;
    for (size_t i = 0; i < n; ++i) {
        const uint8_t* bytes = nullptr;
        if (!d.bytes(a_[i], bytes))
            return fail("string " + std::to_string(done + 1) + " runs past the section");
        const std::string_view s(reinterpret_cast<const char*>(bytes), a_[i]);
        if (p_.intern(s) != done + 1)
            return fail("string " + std::to_string(done + 1) + " is a duplicate");
        ++done;
    }
    return true;
}

bool TableLoader::functions(Decoder& d, size_t n, uint64_t& done) {
    const uint64_t strings = counts_.strings;
    if (!column(d, n, a_, strings, "the name") || !column(d, n, b_, strings, "the file") ||
        !column(d, n, c_, strings, "the module") || !column(d, n, d_, strings, "the package"))
        return false;
    const uint8_t *kinds = nullptr, *categories = nullptr;
    if (!d.bytes(n, kinds) || !d.bytes(n, categories)) return fail("the section ends early");
    for (size_t i = 0; i < n; ++i) {
        if (kinds[i] > uint8_t(FrameKind::Other) ||
            categories[i] > uint8_t(PackageCategory::Unknown))
            return fail("function " + std::to_string(done) + " has an unknown kind or category");
        Function f;
        f.name = static_cast<StringId>(a_[i]);
        f.file = static_cast<StringId>(b_[i]);
        f.module = static_cast<StringId>(c_[i]);
        f.package = static_cast<StringId>(d_[i]);
        f.kind = static_cast<FrameKind>(kinds[i]);
        f.category = static_cast<PackageCategory>(categories[i]);
        if (p_.internFunction(f) != done)
            return fail("function " + std::to_string(done) + " is a duplicate");
        ++done;
    }
    return true;
}

// Frames, stack nodes and samples are decoded straight into the model's columns (appendBulk),
// a column at a time; ids a later column's fill depends on are checked first, into ids_.
bool TableLoader::frames(Decoder& d, size_t n, uint64_t& done) {
    if (!idColumn(d, n, counts_.functions, "the function")) return false;
    // Frames and stack nodes go in without a lookup: the writer's are distinct by construction,
    // and the model builds its lookup indexes only if something is interned later.
    bool ok = true;
    const uint32_t* function = ids_.data();
    p_.appendFramesUnchecked(n, [&](Frame* dst, size_t count) {
        for (size_t i = 0; i < count; ++i) {
            uint32_t line = 0;
            ok = d.u32(line) && ok;
            dst[i] = Frame{function[i], line};
        }
        function += count;
    });
    if (!ok) return fail("a line is out of range");
    done += n;
    return true;
}

bool TableLoader::stacks(Decoder& d, size_t n, uint64_t& done) {
    ids_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        uint64_t delta;
        if (!d.varint(delta) || delta >= UINT32_MAX)
            return fail("the parent of record " + std::to_string(i) + " is out of range");
        if (delta > done + i)
            return fail("stack " + std::to_string(done + i) + " has a parent after it");
        ids_[i] = delta == 0 ? kNoStack : static_cast<StackId>(done + i - delta);
    }
    bool ok = true;
    const uint32_t* parent = ids_.data();
    const uint64_t frames = counts_.frames;
    auto fill = [&](StackNode* dst, size_t count) {
        for (size_t i = 0; i < count; ++i) {
            uint64_t frame = 0;
            if (!d.varint(frame) || frame >= frames) ok = false, frame = 0;
            dst[i].parent = parent[i];
            dst[i].frame = static_cast<FrameId>(frame);
        }
        parent += count;
    };
    // The model reads each parent's depth; parents in earlier sections are anywhere in a table
    // of megabytes, so they are prefetched a batch ahead (this halves the time of this table).
    constexpr size_t kBatch = 32;
    const size_t published = p_.stackCount();
    auto prefetch = [&](size_t from) {
        for (size_t i = from; i < std::min(n, from + kBatch); ++i)
            if (ids_[i] < published) __builtin_prefetch(&p_.stack(ids_[i]));
    };
    prefetch(0);
    for (size_t b = 0; b < n; b += kBatch) {
        prefetch(b + kBatch);
        p_.appendStacksUnchecked(std::min(kBatch, n - b), fill);
    }
    if (!ok) return fail("the frame of a stack node is out of range");
    done += n;
    return true;
}

bool TableLoader::threads(Decoder& d, size_t n, uint64_t& done) {
    a_.resize(n);
    for (size_t i = 0; i < n; ++i)
        if (!d.varint(a_[i])) return fail("the section ends early");
    if (!column(d, n, b_, counts_.strings, "the name")) return false;
    for (size_t i = 0; i < n; ++i) {
        p_.addThread(a_[i], p_.str(static_cast<StringId>(b_[i])));
        ++done;
    }
    return true;
}

bool TableLoader::samples(Decoder& d, size_t n, uint64_t& done) {
    // File columns: time, thread, stack, flags, weights; the model takes the stack column last
    // (it publishes the samples), so the stacks wait in ids_, checked.
    const Decoder times = d;
    uint64_t skipped;
    for (size_t i = 0; i < n; ++i)
        if (!d.varint(skipped)) return fail("the section ends early");
    const Decoder threads = d;
    for (size_t i = 0; i < n; ++i)
        if (!d.varint(skipped) || skipped >= counts_.threads)
            return fail("the thread of record " + std::to_string(i) + " is out of range");
    if (!idColumn(d, n, counts_.stacks + 1, "the stack")) return false;
    const uint8_t* flags = nullptr;
    if (!d.bytes(n, flags)) return fail("the section ends early");
    bool ok = true;
    Decoder td = times, hd = threads;
    uint64_t time = 0;
    const uint32_t* stack = ids_.data();
    p_.appendSamplesBulk(
        n,
        [&](int64_t* dst, size_t count) {
            for (size_t i = 0; i < count; ++i) {
                uint64_t delta = 0;
                td.varint(delta); // checked above
                time +=
                    static_cast<uint64_t>(unzigzag(delta)); // wraps like the writer's difference
                dst[i] = static_cast<int64_t>(time);
            }
        },
        [&](ThreadIndex* dst, size_t count) {
            for (size_t i = 0; i < count; ++i) {
                uint64_t thread = 0;
                hd.varint(thread); // checked above
                dst[i] = static_cast<ThreadIndex>(thread);
            }
        },
        [&](uint8_t* dst, size_t count) {
            std::memcpy(dst, flags, count);
            flags += count;
        },
        [&](size_t, int64_t* dst, size_t count) {
            for (size_t i = 0; i < count; ++i) {
                uint64_t w = 0;
                ok = d.varint(w) && ok;
                dst[i] = unzigzag(w);
            }
        },
        [&](StackId* dst, size_t count) {
            for (size_t i = 0; i < count; ++i)
                dst[i] = stack[i] == 0 ? kNoStack : stack[i] - 1;
            stack += count;
        });
    if (!ok) return fail("the section ends early");
    done += n;
    return true;
}

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
