#include "core/formats/spyglass_tables.h"

#include <algorithm>
#include <cstring>

namespace spyglass::spyfmt {

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

} // namespace spyglass::spyfmt
