#include "core/cpython/frame_walker.h"

#include <algorithm>
#include <cstring>

namespace spyglass::cpython {

namespace {

constexpr size_t kMaxBatch = 256;           // predicted frames read in one call
constexpr size_t kMaxRemembered = 1 << 16;  // f_back predictions kept
constexpr size_t kMaxChunkBytes = 64 << 20; // a data-stack chunk larger than this is garbage
constexpr size_t kChunkSlack = 1024;        // read a little past the top: the stack may grow

template <typename T>
T at(const uint8_t* base, int32_t offset) {
    T v;
    std::memcpy(&v, base + offset, sizeof v);
    return v;
}

Error torn(std::string what) {
    return makeError(std::move(what), ErrorKind::Torn);
}

size_t endOf(std::initializer_list<std::pair<int32_t, size_t>> fields) {
    size_t end = 0;
    for (auto [offset, size] : fields)
        if (offset != kAbsent) end = std::max(end, static_cast<size_t>(offset) + size);
    return end;
}

} // namespace

FrameWalker::FrameWalker(const process::ProcessMemory& memory, Prefetcher& prefetch,
                         const PythonTarget& target)
    : memory_(memory), prefetch_(prefetch), target_(target), o_(target.offsets) {
    const auto& t = o_.tstate;
    tstateReadSize_ = endOf({{t.prev, 8},
                             {t.next, 8},
                             {t.interp, 8},
                             {t.frame, 8},
                             {t.cframe, 8},
                             {t.current_frame, 8},
                             {t.thread_id, 8},
                             {t.native_thread_id, 8},
                             {t.native_thread_id == kAbsent ? t.id : kAbsent, 8}});
    const auto& f = o_.frame;
    frameReadSize_ =
        endOf({{0, 8}, {o_.object.ob_type, 8}, {f.f_back, 8}, {f.f_code, 8}, {f.f_lasti, 8}});
    if (f.f_back == kAbsent)
        prefetch_.setFrameWords(o_.iframe.code, o_.iframe.previous, o_.iframe.instr);
    // Frames linked one by one: copy the callers nearest the current frame first (see
    // Prefetcher's header).
    prefetch_.setWalkOrder(f.f_back != kAbsent);
}

ThreadStateView FrameWalker::parseThreadState(uint64_t address, const uint8_t* bytes) const {
    const auto& t = o_.tstate;
    ThreadStateView v;
    v.address = address;
    if (t.prev != kAbsent) v.prev = at<uint64_t>(bytes, t.prev);
    v.next = at<uint64_t>(bytes, t.next);
    v.interp = at<uint64_t>(bytes, t.interp);
    v.threadId = at<uint64_t>(bytes, t.thread_id);
    if (t.native_thread_id != kAbsent)
        v.nativeThreadId = at<uint64_t>(bytes, t.native_thread_id);
    else if (t.id != kAbsent)
        v.uniqueId = at<uint64_t>(bytes, t.id);
    if (t.frame != kAbsent) v.frame = at<uint64_t>(bytes, t.frame);
    if (t.current_frame != kAbsent) v.frame = at<uint64_t>(bytes, t.current_frame);
    if (t.cframe != kAbsent) v.cframe = at<uint64_t>(bytes, t.cframe);
    return v;
}

Result<void> FrameWalker::walk(const ThreadStateView& ts, std::vector<RawFrame>& out) {
    const size_t before = out.size();
    auto r = o_.frame.f_back != kAbsent ? walkLegacy(ts, out) : walkModern(ts, out);
    if (r && out.size() > before) out.back().outermost = true;
    return r;
}

void FrameWalker::rememberBack(uint64_t frame, uint64_t back) {
    const uint32_t i = backIndex_.find(frame);
    if (i != AddressMap::kMissing) {
        backs_[i] = back;
        return;
    }
    if (backs_.size() >= kMaxRemembered) {
        backIndex_.clear();
        backs_.clear();
    }
    backIndex_.set(frame, static_cast<uint32_t>(backs_.size()));
    backs_.push_back(back);
}

const uint8_t* FrameWalker::legacyFrameBytes(uint64_t frame, Error& failure) {
    if (const uint8_t* p = prefetch_.find(frame, frameReadSize_)) return p;
    if (batchCursor_ < batchSize_ && batchAddresses_[batchCursor_] == frame)
        return batchBytes_.data() + batchCursor_++ * frameReadSize_;
    // Not prefetched and off the current prediction: read this frame and the chain expected
    // behind it in one call.
    batchAddresses_.clear();
    batchAddresses_.push_back(frame);
    for (uint64_t p = frame; batchAddresses_.size() < kMaxBatch;) {
        const uint32_t i = backIndex_.find(p);
        if (i == AddressMap::kMissing || backs_[i] == 0) break;
        p = backs_[i];
        if (std::find(batchAddresses_.begin(), batchAddresses_.end(), p) != batchAddresses_.end())
            break;
        batchAddresses_.push_back(p);
    }
    batchBytes_.resize(batchAddresses_.size() * frameReadSize_);
    batchOps_.resize(batchAddresses_.size());
    for (size_t k = 0; k < batchAddresses_.size(); ++k)
        batchOps_[k] = {batchAddresses_[k], batchBytes_.data() + k * frameReadSize_,
                        frameReadSize_};
    auto done = memory_.readPrefix(batchOps_);
    if (!done) {
        failure = done.error();
        return nullptr;
    }
    batchSize_ = *done;
    if (batchSize_ == 0) {
        failure = torn("frame pointer to unreadable memory");
        return nullptr;
    }
    batchCursor_ = 1;
    return batchBytes_.data();
}

Result<void> FrameWalker::walkLegacy(const ThreadStateView& ts, std::vector<RawFrame>& out) {
    const size_t start = out.size();
    const bool lastiInUnits = o_.major == 3 && o_.minor == 10;
    batchCursor_ = batchSize_ = 0;
    for (uint64_t frame = ts.frame; frame;) {
        if (out.size() - start >= kMaxFrames)
            return torn("stack deeper than 4096 frames (a cycle?)");
        Error failure;
        const uint8_t* f = legacyFrameBytes(frame, failure);
        if (!f) return failure;
        if (target_.types.frame && at<uint64_t>(f, o_.object.ob_type) != target_.types.frame)
            return torn("not a frame object");
        // A freed frame keeps its fields, and the free list links freed frames through f_back: a
        // chain of dead frames looks like a stack. Only a live frame has references.
        if (at<int64_t>(f, 0) <= 0) return torn("a freed frame object in the chain");
        const uint64_t back = at<uint64_t>(f, o_.frame.f_back);
        const uint64_t code = at<uint64_t>(f, o_.frame.f_code);
        const int32_t lasti = at<int32_t>(f, o_.frame.f_lasti);
        // A frame that has not started cannot have called anything: only the innermost may be one.
        if (lasti < 0 && out.size() > start)
            return torn("a frame that has not started has a callee");
        const int64_t offset = lasti < 0 ? -1 : lastiInUnits ? int64_t{lasti} * 2 : int64_t{lasti};
        out.push_back({code, offset, frame});
        prefetch_.expectLive(frame);
        prefetch_.expect(frame + o_.frame.f_back, back);
        prefetch_.expect(frame + o_.frame.f_code, code);
        // A caller waits at its call: its position must not move while the stack is read (the
        // innermost frame runs, so its own may).
        if (out.size() - start > 1)
            prefetch_.expect(frame + o_.frame.f_lasti, at<uint64_t>(f, o_.frame.f_lasti));
        rememberBack(frame, back);
        frame = back;
    }
    return {};
}

bool FrameWalker::loadRegion(uint64_t address, size_t size, bool chunk, bool noted) {
    if (regionsUsed_ == regions_.size()) regions_.emplace_back();
    Region& r = regions_[regionsUsed_];
    r.address = address;
    r.size = size;
    r.chunk = chunk;
    r.usedEnd = address + size;
    r.serial = regionSerial_++;
    r.again = nullptr;
    if (const uint8_t* p =
            noted ? prefetch_.find(address, size) : prefetch_.lookup(address, size)) {
        r.data = p;
        r.again = prefetch_.secondCopy(address, size, r.againLo, r.againSize);
    } else {
        r.storage.resize(size);
        if (!memory_.read(address, r.storage.data(), size)) return false;
        if (!noted) prefetch_.note(address, size);
        r.data = r.storage.data();
    }
    ++regionsUsed_;
    return true;
}

const uint8_t* FrameWalker::modernFrameBytes(uint64_t frame, size_t& regionIndex) {
    const size_t need = static_cast<size_t>(o_.iframe.size);
    for (;;) {
        for (size_t i = 0; i < regionsUsed_; ++i)
            if (regions_[i].contains(frame, need)) {
                regionIndex = i;
                return regions_[i].data + (frame - regions_[i].address);
            }
        if (!olderChunk_) break;
        // The next older chunk, whole: its header says how much of it is in use.
        uint64_t header[3] = {};
        const uint64_t chunk = olderChunk_;
        olderChunk_ = 0;
        if (!prefetch_.read(chunk, header, sizeof header)) break;
        const uint64_t used = static_cast<uint64_t>(o_.chunk.data) + header[o_.chunk.top / 8] * 8;
        if (used > kMaxChunkBytes || used > header[o_.chunk.size / 8]) break;
        if (!loadRegion(chunk, used, true)) break;
        olderChunk_ = header[o_.chunk.previous / 8];
    }
    // A frame outside the data stack (a generator's or coroutine's): read it alone.
    if (!loadRegion(frame, need, false)) return nullptr;
    regionIndex = regionsUsed_ - 1;
    return regions_[regionIndex].data;
}

Result<bool> FrameWalker::loadCurrentChunk(const ThreadStateView& ts, uint64_t current) {
    if (o_.tstate.datastack_chunk == kAbsent) return false;
    const auto chunkData = static_cast<uint64_t>(o_.chunk.data);
    const auto need = static_cast<uint64_t>(o_.iframe.size);
    const uint32_t known = chunkIndex_.find(ts.address);
    if (known != AddressMap::kMissing) {
        // The current frame is the chunk's last: its callers in the chunk lie below it, and the
        // part in use ends with the current frame's fixed part (its locals are not read).
        const KnownChunk k = knownChunks_[known];
        if (current - (k.chunk + chunkData) <= k.extent - chunkData - need &&
            loadRegion(k.chunk, k.extent, true, false) &&
            keepChunk(ts.address, known, k.chunk, current + need - k.chunk, k.extent))
            return true;
        regionsUsed_ = 0; // not the chunk it was: ask the thread state
    }
    uint64_t chunk = 0, top = 0;
    if (auto r = prefetch_.read(ts.address + o_.tstate.datastack_chunk, &chunk, 8); !r)
        return r.error();
    if (auto r = prefetch_.read(ts.address + o_.tstate.datastack_top, &top, 8); !r)
        return r.error();
    if (!chunk || top <= chunk || top - chunk > kMaxChunkBytes) return false;
    if (!loadRegion(chunk, top - chunk, true)) return torn("data stack chunk unreadable");
    keepChunk(ts.address, known, chunk, top - chunk, top - chunk);
    return true;
}

bool FrameWalker::keepChunk(uint64_t tstate, uint32_t known, uint64_t chunk, size_t used,
                            size_t read) {
    const uint8_t* header = regions_[0].data;
    olderChunk_ = at<uint64_t>(header, o_.chunk.previous);
    const uint64_t chunkSize = at<uint64_t>(header, o_.chunk.size);
    if (chunkSize < read || chunkSize > kMaxChunkBytes) return false;
    // Next time read a little more, in case the stack grows, but never past the chunk.
    const size_t extent = std::min<size_t>(used + kChunkSlack, chunkSize);
    prefetch_.note(chunk, extent);
    if (known == AddressMap::kMissing) {
        if (knownChunks_.size() >= 4 * kMaxFrames) forgetChunks();
        known = static_cast<uint32_t>(knownChunks_.size());
        chunkIndex_.set(tstate, known);
        knownChunks_.emplace_back();
    }
    knownChunks_[known] = {chunk, extent};
    return true;
}

Result<void> FrameWalker::walkModern(const ThreadStateView& ts, std::vector<RawFrame>& out) {
    regionsUsed_ = 0;
    olderChunk_ = 0;
    uint64_t current = ts.frame;
    if (o_.tstate.cframe != kAbsent) {
        if (!ts.cframe) return {};
        if (auto r = prefetch_.read(ts.cframe + o_.cframe.current_frame, &current, 8); !r) return r;
        prefetch_.expect(ts.cframe + o_.cframe.current_frame, current);
    }
    if (auto loaded = loadCurrentChunk(ts, current); !loaded) return loaded.error();

    // Offsets and the current region in locals: the stores into `out` and the prefetch lists
    // would otherwise make the compiler reload them for every frame.
    const auto adaptive = static_cast<uint64_t>(o_.code.code_adaptive);
    const int32_t codeAt = o_.iframe.code, instrAt = o_.iframe.instr, ownerAt = o_.iframe.owner,
                  previousAt = o_.iframe.previous, lo = prefetch_.frameWordsLo();
    const uint64_t checkedBytes = static_cast<uint64_t>(prefetch_.frameWordsHi() - lo);
    const uint64_t chunkData = static_cast<uint64_t>(o_.chunk.data);
    const size_t need = static_cast<size_t>(o_.iframe.size);
    size_t visited = 0;
    size_t regionIndex = 0;
    // A frame at `current` lies in the region when current - address <= limit, and its checked
    // words in the second copy when current - againFrom <= againLimit: one unsigned compare each
    // (a pointer below the start wraps around to a huge difference). Empty: no frame is inside.
    struct {
        uint64_t address = 0, limit = 0, againFrom = 0, againLimit = 0, firstSlot = 0, usedEnd = 0;
        const uint8_t* bytes = nullptr;
        const uint8_t* again = nullptr;
        uint32_t serial = UINT32_MAX;
        bool chunk = false;
    } in;
    bool sawPythonFrame = false;
    while (current) {
        if (++visited > kMaxFrames) return torn("stack deeper than 4096 frames (a cycle?)");
        // Callers mostly sit right below their callee, in the same region.
        if (current - in.address > in.limit) {
            if (!modernFrameBytes(current, regionIndex))
                return torn("frame pointer to unreadable memory");
            const Region& r = regions_[regionIndex]; // holds the frame: r.size >= need
            in = {r.address, r.size - need, 0,       0,        r.address + chunkData,
                  r.usedEnd, r.data,        nullptr, r.serial, r.chunk};
            if (r.again && r.againSize >= checkedBytes && r.againLo >= static_cast<uint64_t>(lo)) {
                in.again = r.again;
                in.againFrom = r.againLo - static_cast<uint64_t>(lo);
                in.againLimit = r.againSize - checkedBytes;
            }
        }
        const uint8_t* f = in.bytes + (current - in.address);
        const uint64_t code = at<uint64_t>(f, codeAt);
        const uint64_t instr = at<uint64_t>(f, instrAt);
        const uint8_t owner = at<uint8_t>(f, ownerAt);
        const uint64_t previous = at<uint64_t>(f, previousAt);
        // 3.12+ entry frames owned by the C stack are not Python code (FRAME_OWNED_BY_CSTACK = 3;
        // 3.14 adds INTERPRETER = 3 and moves CSTACK to 4: neither is a Python frame). Only their
        // link to the caller is used, and so checked; it is set when the evaluation loop starts
        // and holds until it returns, so the verification may copy it once (Prefetcher).
        if (owner >= 3) {
            prefetch_.expectOnce(current + previousAt, previous);
            current = previous;
            continue;
        }
        if (in.again && current - in.againFrom <= in.againLimit && (current & 7) == 0) {
            // The same words in the second copy of this call: compared here, not kept as three
            // expected words for Prefetcher::verify to compare after the walk.
            const uint8_t* again = in.again + (current - in.againFrom);
            if (at<uint64_t>(again, previousAt - lo) != previous ||
                at<uint64_t>(again, codeAt - lo) != code ||
                (sawPythonFrame && at<uint64_t>(again, instrAt - lo) != instr))
                return torn("the stack changed while it was read");
            prefetch_.comparedFrame(current, sawPythonFrame);
        } else {
            prefetch_.expect(current + previousAt, previous);
            prefetch_.expect(current + codeAt, code);
            if (sawPythonFrame) prefetch_.expect(current + instrAt, instr);
        }
        if (!code) return torn("frame without code");
        // Unsigned difference: a torn read can hold any two pointers, and signed overflow is
        // undefined.
        const auto offset = static_cast<int64_t>(instr - (code + adaptive));
        if (offset > (int64_t{1} << 26)) return torn("instruction pointer outside its code object");
        // A frame that has not started cannot have called anything: only the innermost may be
        // one. Seeing one further out means its instruction pointer was read at another moment.
        if (offset < 0 && sawPythonFrame) return torn("a frame that has not started has a callee");
        sawPythonFrame = true;
        // A negative offset is a frame that has not started its first instruction yet
        // (3.11/3.12 incomplete frames); CPython leaves those out of tracebacks too.
        if (offset >= 0 || o_.minor >= 13) {
            // Written in place, field by field: a RawFrame built aside and copied in stalls on
            // store forwarding (a third of this loop's time at 150 frames).
            RawFrame& raw = out.emplace_back();
            raw.code = code;
            raw.offset = std::max<int64_t>(offset, 0);
            raw.frame = current;
            if (in.chunk) {
                raw.region = in.serial;
                raw.chunkData = in.firstSlot;
                raw.chunkEnd = in.usedEnd;
            }
        } else {
            ++notStarted_;
        }
        current = previous;
    }
    return {};
}

} // namespace spyglass::cpython
