#include "core/cpython/code_cache.h"

#include <algorithm>
#include <cstring>

namespace spyglass::cpython {

namespace {

constexpr size_t kMemoSize = 4096;

template <typename T>
T at(const uint8_t* base, int32_t offset) {
    T v;
    std::memcpy(&v, base + offset, sizeof v);
    return v;
}

Error torn(std::string what) {
    return makeError(std::move(what), ErrorKind::Torn);
}

} // namespace

void CodeCache::prepareLayout() {
    if (identityLo_ >= 0) return;
    const PyOffsets& o = reader_.offsets();
    int32_t lo = 0, hi = o.object.ob_type; // from ob_refcnt: a freed code object has none
    for (int32_t f : {o.code.filename, o.code.name, o.code.qualname, o.code.linetable,
                      o.code.firstlineno, o.code.code, o.code.nlocalsplus, o.code.stacksize}) {
        if (f == kAbsent) continue;
        lo = std::min(lo, f);
        hi = std::max(hi, f);
    }
    identityLo_ = lo;
    identityHi_ = hi + 8;
}

Result<CodeIdentity> CodeCache::identityFrom(const uint8_t* bytes) const {
    const PyOffsets& o = reader_.offsets();
    const uint8_t* base = bytes - identityLo_; // so that fields read at their struct offsets
    CodeIdentity id;
    id.type = at<uint64_t>(base, o.object.ob_type);
    id.filename = at<uint64_t>(base, o.code.filename);
    id.name = at<uint64_t>(base, o.code.name);
    if (o.code.qualname != kAbsent) id.qualname = at<uint64_t>(base, o.code.qualname);
    id.linetable = at<uint64_t>(base, o.code.linetable);
    if (o.code.code != kAbsent) id.bytecode = at<uint64_t>(base, o.code.code);
    id.firstLine = at<int32_t>(base, o.code.firstlineno);
    if (o.code.nlocalsplus != kAbsent) {
        id.nlocalsplus = at<int32_t>(base, o.code.nlocalsplus);
        id.stacksize = at<int32_t>(base, o.code.stacksize);
        if (id.nlocalsplus < 0 || id.stacksize < 0 ||
            int64_t{id.nlocalsplus} + id.stacksize > (1 << 20))
            return torn("implausible code object");
    }
    const TypeAddresses& t = reader_.types();
    if (t.code && id.type != t.code) return torn("not a code object");
    if (at<int64_t>(base, 0) <= 0) return torn("a freed code object");
    if (!id.filename || !id.name || !id.linetable || id.firstLine < 0)
        return torn("implausible code object");
    return id;
}

void CodeCache::clear() {
    entries_.clear();
    index_.clear();
    frameIds_.clear();
    memo_.clear();
    profile_ = nullptr;
}

Result<uint32_t> CodeCache::load(uint64_t address) {
    prepareLayout();
    if (address == 0 || (address & 7)) return torn("bad code object pointer");
    std::vector<uint8_t> raw(static_cast<size_t>(identityHi_ - identityLo_));
    if (auto r = reader_.memory().read(address + identityLo_, raw.data(), raw.size()); !r)
        return r.error();
    auto id = identityFrom(raw.data());
    if (!id) return id.error();

    const PyOffsets& o = reader_.offsets();
    CodeInfo info;
    info.address = address;
    info.identity = *id;
    info.firstLine = id->firstLine;
    if (o.code.nlocalsplus != kAbsent)
        info.frameBytes =
            static_cast<uint64_t>(o.iframe.localsplus) + 8ull * (id->nlocalsplus + id->stacksize);
    auto name = reader_.string(id->qualname ? id->qualname : id->name, 4096);
    if (!name) return name.error();
    auto file = reader_.string(id->filename);
    if (!file) return file.error();
    auto table = reader_.bytes(id->linetable);
    if (!table) return table.error();
    info.name = std::move(*name);
    info.file = std::move(*file);
    info.shim = info.file == "<shim>";
    if (o.major == 2)
        info.lines = decodeLnotab(*table, id->firstLine, false);
    else if (o.minor <= 9)
        info.lines = decodeLnotab(*table, id->firstLine, true);
    else if (o.minor == 10)
        info.lines = decodeLinetable310(*table, id->firstLine);
    else
        info.lines = decodeLocationTable(*table, id->firstLine);

    const uint32_t old = index_.find(address);
    if (old != AddressMap::kMissing) entries_[old].live = false;
    info.checkedInSample = sample_;
    const auto slot = static_cast<uint32_t>(entries_.size());
    entries_.push_back(std::move(info));
    index_.set(address, slot);
    return slot;
}

Result<const CodeInfo*> CodeCache::info(uint64_t code) {
    uint32_t slot = index_.find(code);
    if (slot == AddressMap::kMissing) {
        auto loaded = load(code);
        if (!loaded) return loaded.error();
        slot = *loaded;
    }
    return &entries_[slot];
}

void CodeCache::setFunctionLines(bool on) {
    if (on == functionLines_) return;
    functionLines_ = on;
    profile_ = nullptr; // frame ids and memo were made for the other mode
}

void CodeCache::forgetProfile(Profile& profile) {
    if (&profile == profile_ && profile.functionCount() >= profileFunctions_) return;
    profile_ = &profile;
    frameIds_.clear();
    memo_.assign(kMemoSize, MemoEntry{});
    for (CodeInfo& e : entries_)
        e.hasFunction = false;
}

Result<void> CodeCache::resolve(Profile& profile, std::span<const RawFrame> frames,
                                std::vector<FrameId>& out, Prefetcher& prefetch) {
    prepareLayout();
    // A code-generating program adds entries without end. Start over between samples only: the
    // slots of a sample's frames must stay valid until it is resolved.
    if (entries_.size() >= capacity_) clear();
    forgetProfile(profile);
    ++sample_;

    // Pass 1: the slot of every frame; new code objects are loaded, known ones queued for a check.
    std::vector<uint32_t>& slots = slotsScratch_;
    slots.resize(frames.size());
    toCheck_.clear();
    for (size_t i = 0; i < frames.size(); ++i) {
        // A recursion repeats its code object frame after frame: no lookup for those.
        if (i > 0 && frames[i].code == frames[i - 1].code) {
            slots[i] = slots[i - 1];
            continue;
        }
        uint32_t slot = index_.find(frames[i].code);
        if (slot == AddressMap::kMissing) {
            auto loaded = load(frames[i].code);
            if (!loaded) return loaded.error();
            slot = *loaded;
            prefetch.note(frames[i].code + identityLo_,
                          static_cast<size_t>(identityHi_ - identityLo_));
        } else if (entries_[slot].checkedInSample != sample_) {
            entries_[slot].checkedInSample = sample_;
            toCheck_.push_back(slot);
        }
        slots[i] = slot;
    }

    // Identity fields of every known code object of this sample: from the prefetch, the rest in
    // one batched read.
    if (!toCheck_.empty()) {
        const size_t width = static_cast<size_t>(identityHi_ - identityLo_);
        scratch_.resize(toCheck_.size() * width);
        opsScratch_.clear();
        std::vector<uint32_t>& stale = staleScratch_;
        stale.clear();
        auto check = [&](uint32_t slot, const uint8_t* bytes) {
            auto id = identityFrom(bytes);
            if (!id || !(*id == entries_[slot].identity)) stale.push_back(slot);
        };
        for (size_t k = 0; k < toCheck_.size(); ++k) {
            const uint64_t at = entries_[toCheck_[k]].address + identityLo_;
            if (const uint8_t* p = prefetch.find(at, width))
                check(toCheck_[k], p);
            else
                opsScratch_.push_back({at, scratch_.data() + k * width, width});
        }
        if (!opsScratch_.empty()) {
            auto done = reader_.memory().readPrefix(opsScratch_);
            if (!done) return done.error();
            if (*done != opsScratch_.size()) return torn("a code object of the stack is gone");
            for (const auto& op : opsScratch_)
                check(
                    toCheck_[static_cast<size_t>(static_cast<uint8_t*>(op.into) - scratch_.data()) /
                             width],
                    static_cast<const uint8_t*>(op.into));
        }
        // Freed and reused by another object: decode it afresh (or give up on this sample).
        for (uint32_t slot : stale) {
            auto fresh = load(entries_[slot].address);
            if (!fresh) return fresh.error();
        }
        if (!stale.empty())
            for (size_t i = 0; i < frames.size(); ++i)
                if (!entries_[slots[i]].live) slots[i] = index_.find(frames[i].code);
    }

    // 3.11+: frames found in one chunk copy must sit exactly where the data stack put them, each
    // right after its caller. A torn copy that still links up fails this.
    for (size_t i = 0; i + 1 < frames.size(); ++i) {
        const RawFrame& callee = frames[i];
        const RawFrame& caller = frames[i + 1];
        if (callee.outermost || callee.region == UINT32_MAX || caller.region == UINT32_MAX)
            continue;
        const uint64_t callerEnd = caller.frame + entries_[slots[i + 1]].frameBytes;
        if (callee.region == caller.region) {
            if (callee.frame != callerEnd) return torn("frames out of place in the data stack");
        } else if (callee.frame != callee.chunkData || callerEnd != caller.chunkEnd) {
            // A call that opened a new chunk: the callee is its first frame and the caller was the
            // last frame of the older chunk.
            return torn("frames out of place across data-stack chunks");
        }
    }

    // Pass 2: frame ids, memoized per (code, offset).
    out.resize(frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
        const RawFrame& f = frames[i];
        const uint32_t slot = slots[i];
        if (i > 0 && f.code == frames[i - 1].code && f.offset == frames[i - 1].offset &&
            slot == slots[i - 1]) {
            out[i] = out[i - 1];
            continue;
        }
        MemoEntry& m = memo_[(f.code * 0x9E3779B97F4A7C15ULL ^
                              static_cast<uint64_t>(f.offset) * 0xC2B2AE3D27D4EB4FULL) >>
                             52];
        if (m.code == f.code && m.offset == f.offset && m.slot == slot) {
            out[i] = m.frame;
            continue;
        }
        CodeInfo& code = entries_[slot];
        if (code.shim) {
            out[i] = kSkippedFrame;
            continue;
        }
        const int32_t line =
            std::max(0, functionLines_ ? code.firstLine : code.lines.lineAt(f.offset));
        const uint64_t key = packKey(slot, static_cast<uint32_t>(line));
        uint32_t frame = frameIds_.find(key);
        if (frame == FlatHashMap64::kMissing) {
            if (!code.hasFunction) {
                code.function = profile.internFunction(code.name, code.file, FrameKind::Python);
                code.hasFunction = true;
            }
            frame = profile.internFrame(code.function, static_cast<uint32_t>(line));
            frameIds_.insert(key, frame);
        }
        m = {f.code, f.offset, slot, frame};
        out[i] = frame;
    }
    profileFunctions_ = profile.functionCount();
    return {};
}

} // namespace spyglass::cpython
