// Writes our own format (layout in spyglass_format.h): each table as columns of varints, in
// sections of kBlockRecords records, each compressed with zstd and checksummed with XXH3.
#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>
#include <xxhash.h>
#include <zstd.h>

#include "core/formats/format_registry.h"
#include "core/formats/spyglass_format.h"
#include "core/formats/spyglass_meta.h"

namespace spyglass {

namespace {

using namespace spyfmt;

struct CCtxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

void putLe(uint8_t* p, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

class SectionWriter {
public:
    SectionWriter(OutputSink& out, int level) : out_(out), cctx_(ZSTD_createCCtx()), level_(level) {}

    // A buffer for the next section's payload, with room for `bytes`.
    uint8_t* begin(size_t bytes) {
        raw_.reserve(bytes);
        return raw_.data();
    }
    Result<void> finish(uint32_t tagValue, size_t records, const uint8_t* end) {
        return write(tagValue, records, raw_.data(), static_cast<size_t>(end - raw_.data()));
    }

    Result<void> write(uint32_t tagValue, size_t records, const uint8_t* data, size_t size) {
        if (!cctx_) return makeError(out_.name() + ": out of memory for the compressor");
        size_t stored = 0;
        if (size) {
            const size_t bound = ZSTD_compressBound(size);
            stored_.reserve(bound);
            stored = ZSTD_compressCCtx(cctx_.get(), stored_.data(), bound, data, size, level_);
            if (ZSTD_isError(stored))
                return makeError(out_.name() + ": compressing the " + std::string(sectionName(tagValue)) +
                                 " failed: " + ZSTD_getErrorName(stored));
        }
        uint8_t header[kHeaderSize];
        putLe(header, tagValue, 4);
        putLe(header + 4, records, 4);
        putLe(header + 8, size, 8);
        putLe(header + 16, stored, 8);
        const uint64_t seed = XXH3_64bits(header, 24);
        putLe(header + 24, XXH3_64bits_withSeed(stored_.data(), stored, seed), 8);
        if (auto r = out_.write({reinterpret_cast<const char*>(header), kHeaderSize}); !r) return r;
        if (stored)
            if (auto r = out_.write({reinterpret_cast<const char*>(stored_.data()), stored}); !r) return r;
        ++sections_;
        return {};
    }
    size_t sections() const { return sections_; }

private:
    OutputSink& out_;
    std::unique_ptr<ZSTD_CCtx, CCtxFree> cctx_;
    int level_;
    SectionBuffer raw_;
    SectionBuffer stored_;
    size_t sections_ = 0;
};

// Calls f(begin, end) for consecutive blocks of at most kBlockRecords of n records.
template <typename F>
Result<void> forBlocks(size_t first, size_t n, F&& f) {
    for (size_t b = first; b < n; b += kBlockRecords)
        if (auto r = f(b, std::min(n, b + kBlockRecords)); !r) return r;
    return {};
}

Result<void> writeStrings(SectionWriter& w, const Profile& p, size_t count) {
    size_t i = 1;
    while (i < count) {
        size_t end = i, bytes = 0;
        while (end < count && end - i < kBlockRecords && bytes < kStringBlockBytes)
            bytes += p.str(static_cast<StringId>(end++)).size();
        uint8_t* out = w.begin((end - i) * 10 + bytes);
        for (size_t s = i; s < end; ++s) out = putVarint(out, p.str(static_cast<StringId>(s)).size());
        for (size_t s = i; s < end; ++s) {
            const std::string_view v = p.str(static_cast<StringId>(s));
            std::memcpy(out, v.data(), v.size());
            out += v.size();
        }
        if (auto r = w.finish(kStrings, end - i, out); !r) return r;
        i = end;
    }
    return {};
}

Result<void> writeFunctions(SectionWriter& w, const Profile& p, size_t count) {
    return forBlocks(0, count, [&](size_t b, size_t e) {
        uint8_t* out = w.begin((e - b) * 22);
        for (auto field : {&Function::name, &Function::file, &Function::module, &Function::package})
            for (size_t i = b; i < e; ++i) out = putVarint(out, p.function(static_cast<FunctionId>(i)).*field);
        for (size_t i = b; i < e; ++i) *out++ = static_cast<uint8_t>(p.function(static_cast<FunctionId>(i)).kind);
        for (size_t i = b; i < e; ++i)
            *out++ = static_cast<uint8_t>(p.function(static_cast<FunctionId>(i)).category);
        return w.finish(kFunctions, e - b, out);
    });
}

Result<void> writeFrames(SectionWriter& w, const Profile& p, size_t count) {
    return forBlocks(0, count, [&](size_t b, size_t e) {
        uint8_t* out = w.begin((e - b) * 10);
        for (size_t i = b; i < e; ++i) out = putVarint(out, p.frame(static_cast<FrameId>(i)).function);
        for (size_t i = b; i < e; ++i) out = putVarint(out, p.frame(static_cast<FrameId>(i)).line);
        return w.finish(kFrames, e - b, out);
    });
}

Result<void> writeStacks(SectionWriter& w, const Profile& p, size_t count) {
    return forBlocks(0, count, [&](size_t b, size_t e) {
        uint8_t* out = w.begin((e - b) * 10);
        for (size_t i = b; i < e; ++i) {
            const StackId parent = p.stack(static_cast<StackId>(i)).parent;
            out = putVarint(out, parent == kNoStack ? 0 : i - parent);
        }
        for (size_t i = b; i < e; ++i) out = putVarint(out, p.stack(static_cast<StackId>(i)).frame);
        return w.finish(kStacks, e - b, out);
    });
}

Result<void> writeThreads(SectionWriter& w, const std::vector<ThreadInfo>& threads) {
    return forBlocks(0, threads.size(), [&](size_t b, size_t e) {
        uint8_t* out = w.begin((e - b) * 15);
        for (size_t i = b; i < e; ++i) out = putVarint(out, threads[i].id);
        for (size_t i = b; i < e; ++i) out = putVarint(out, threads[i].name);
        return w.finish(kThreads, e - b, out);
    });
}

Result<void> writeSamples(SectionWriter& w, const Profile& p, size_t count) {
    const size_t metrics = p.metrics().size();
    return forBlocks(0, count, [&](size_t b, size_t e) {
        uint8_t* out = w.begin((e - b) * (10 + 5 + 5 + 1 + 10 * metrics));
        int64_t previous = 0;
        for (size_t i = b; i < e; ++i) {
            const int64_t t = p.sampleTime(i);
            out = putVarint(out, zigzag(static_cast<int64_t>(static_cast<uint64_t>(t) - static_cast<uint64_t>(previous))));
            previous = t;
        }
        for (size_t i = b; i < e; ++i) out = putVarint(out, p.sampleThread(i));
        for (size_t i = b; i < e; ++i) {
            const StackId s = p.sampleStack(i);
            out = putVarint(out, s == kNoStack ? 0 : uint64_t{s} + 1);
        }
        for (size_t i = b; i < e; ++i) *out++ = p.sampleFlags(i);
        for (size_t m = 0; m < metrics; ++m)
            for (size_t i = b; i < e; ++i) out = putVarint(out, zigzag(p.sampleWeight(i, m)));
        return w.finish(kSamples, e - b, out);
    });
}

} // namespace

Result<void> writeSpyglass(const Profile& p, OutputSink& out, const WriteOptions& options) {
    // Everything a snapshot's records refer to was published before them; threads are read
    // before the string count so that a renamed thread's new name is inside it.
    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    std::vector<ThreadInfo> threads;
    for (size_t t = 0; t < snap.threads; ++t) threads.push_back(p.thread(static_cast<ThreadIndex>(t)));
    MetaSection meta;
    meta.metrics = p.metrics();
    meta.metadata = p.metadata();
    meta.writer = "spyglass " SPYGLASS_VERSION;
    meta.counts = {p.strings().size(), snap.functions, snap.frames, snap.stacks, snap.threads, snap.samples};

    uint8_t version[4];
    putLe(version, kMajorVersion, 2);
    putLe(version + 2, kMinorVersion, 2);
    if (auto r = out.write(kSpyglassMagic); !r) return r;
    if (auto r = out.write({reinterpret_cast<const char*>(version), 4}); !r) return r;

    SectionWriter w(out, options.zstdLevel);
    const std::string metaJson = encodeMeta(meta);
    Result<void> r = w.write(kMeta, 1, reinterpret_cast<const uint8_t*>(metaJson.data()), metaJson.size());
    if (r) r = writeStrings(w, p, meta.counts.strings);
    if (r) r = writeFunctions(w, p, snap.functions);
    if (r) r = writeFrames(w, p, snap.frames);
    if (r) r = writeStacks(w, p, snap.stacks);
    if (r) r = writeThreads(w, threads);
    if (r) r = writeSamples(w, p, snap.samples);
    if (r) r = w.write(kEnd, w.sections(), nullptr, 0);
    return r;
}

} // namespace spyglass
