#include "core/cpython/frame_walker.h"

#include <algorithm>
#include <cstring>

namespace spyglass::cpython {

namespace {

constexpr size_t kMaxBatch = 256;           // predicted frames read in one call
constexpr size_t kMaxRemembered = 1 << 16;  // f_back predictions kept
constexpr size_t kMaxChunkBytes = 64 << 20; // a data-stack chunk larger than this is garbage

template <typename T>
T at(const uint8_t* base, int32_t offset) {
    T v;
    std::memcpy(&v, base + offset, sizeof v);
    return v;
}

Error torn(std::string what) { return makeError(std::move(what), ErrorKind::Torn); }

size_t endOf(std::initializer_list<std::pair<int32_t, size_t>> fields) {
    size_t end = 0;
    for (auto [offset, size] : fields)
        if (offset != kAbsent) end = std::max(end, static_cast<size_t>(offset) + size);
    return end;
}

} // namespace

FrameWalker::FrameWalker(const process::ProcessMemory& memory, const PythonTarget& target)
    : memory_(memory), target_(target), o_(target.offsets) {
    const auto& t = o_.tstate;
    tstateReadSize_ = endOf({{t.next, 8}, {t.interp, 8}, {t.frame, 8}, {t.cframe, 8}, {t.current_frame, 8},
                             {t.thread_id, 8}, {t.native_thread_id, 8}, {t.datastack_chunk, 8}, {t.datastack_top, 8}});
    const auto& f = o_.frame;
    frameReadSize_ = endOf({{o_.object.ob_type, 8}, {f.f_back, 8}, {f.f_code, 8}, {f.f_lasti, 4}});
}

ThreadStateView FrameWalker::parseThreadState(uint64_t address, const uint8_t* bytes) const {
    const auto& t = o_.tstate;
    ThreadStateView v;
    v.address = address;
    v.next = at<uint64_t>(bytes, t.next);
    v.threadId = at<uint64_t>(bytes, t.thread_id);
    if (t.native_thread_id != kAbsent) v.nativeThreadId = at<uint64_t>(bytes, t.native_thread_id);
    if (t.frame != kAbsent) v.frame = at<uint64_t>(bytes, t.frame);
    if (t.current_frame != kAbsent) v.frame = at<uint64_t>(bytes, t.current_frame);
    if (t.cframe != kAbsent) v.cframe = at<uint64_t>(bytes, t.cframe);
    if (t.datastack_chunk != kAbsent) v.chunk = at<uint64_t>(bytes, t.datastack_chunk);
    if (t.datastack_top != kAbsent) v.top = at<uint64_t>(bytes, t.datastack_top);
    return v;
}

Result<void> FrameWalker::walk(const ThreadStateView& ts, std::vector<RawFrame>& out, process::ReadOp extra) {
    if (o_.frame.f_back != kAbsent) return walkLegacy(ts, out, extra);
    if (extra.size)
        if (auto r = memory_.read(extra.address, extra.into, extra.size); !r) return r;
    return walkModern(ts, out);
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

Result<void> FrameWalker::walkLegacy(const ThreadStateView& ts, std::vector<RawFrame>& out, process::ReadOp extra) {
    const size_t start = out.size();
    uint64_t next = ts.frame;
    bool first = true;
    const bool lastiInUnits = o_.major == 3 && o_.minor == 10;
    while (next) {
        // The frame we must read, then the chain we expect behind it.
        batchAddresses_.clear();
        batchAddresses_.push_back(next);
        for (uint64_t p = next; batchAddresses_.size() < kMaxBatch;) {
            const uint32_t i = backIndex_.find(p);
            if (i == AddressMap::kMissing || backs_[i] == 0) break;
            p = backs_[i];
            batchAddresses_.push_back(p);
        }
        const size_t n = batchAddresses_.size();
        batchBytes_.resize(n * frameReadSize_);
        batchOps_.clear();
        if (first && extra.size) batchOps_.push_back(extra);
        for (size_t k = 0; k < n; ++k)
            batchOps_.push_back({batchAddresses_[k], batchBytes_.data() + k * frameReadSize_, frameReadSize_});
        auto done = memory_.readPrefix(batchOps_);
        if (!done) return done.error();
        size_t got = *done;
        if (first && extra.size) {
            if (got == 0) return torn("thread identity unreadable");
            --got;
        }
        first = false;
        if (got == 0) return torn("frame pointer to unreadable memory");
        for (size_t k = 0; k < got; ++k) {
            const uint8_t* f = batchBytes_.data() + k * frameReadSize_;
            if (target_.types.frame && at<uint64_t>(f, o_.object.ob_type) != target_.types.frame)
                return torn("not a frame object");
            const uint64_t back = at<uint64_t>(f, o_.frame.f_back);
            const uint64_t code = at<uint64_t>(f, o_.frame.f_code);
            const int32_t lasti = at<int32_t>(f, o_.frame.f_lasti);
            if (out.size() - start >= kMaxFrames) return torn("stack deeper than 4096 frames (a cycle?)");
            const int64_t offset = lasti < 0 ? -1 : lastiInUnits ? int64_t{lasti} * 2 : int64_t{lasti};
            out.push_back({code, offset, batchAddresses_[k]});
            rememberBack(batchAddresses_[k], back);
            next = back;
            if (k + 1 < got && back != batchAddresses_[k + 1]) break; // prediction ends here
        }
    }
    return {};
}

const uint8_t* FrameWalker::modernFrameBytes(uint64_t frame) {
    const size_t need = static_cast<size_t>(o_.iframe.size);
    for (;;) {
        for (size_t i = 0; i < regionsUsed_; ++i)
            if (regions_[i].contains(frame, need)) return regions_[i].bytes.data() + (frame - regions_[i].address);
        if (!olderChunk_) break;
        // Read the next older chunk whole: its header says how much of it is in use.
        uint64_t header[3] = {};
        const uint64_t chunk = olderChunk_;
        olderChunk_ = 0;
        if (!memory_.read(chunk, header, sizeof header)) break;
        const uint64_t used = static_cast<uint64_t>(o_.chunk.data) + header[o_.chunk.top / 8] * 8;
        if (used > kMaxChunkBytes || header[o_.chunk.size / 8] > kMaxChunkBytes) break;
        if (regionsUsed_ == regions_.size()) regions_.emplace_back();
        Region& r = regions_[regionsUsed_];
        r.address = chunk;
        r.bytes.resize(used);
        if (!memory_.read(chunk, r.bytes.data(), used)) break;
        ++regionsUsed_;
        olderChunk_ = header[o_.chunk.previous / 8];
    }
    // A frame outside the data stack (a generator's or coroutine's): read it alone.
    if (regionsUsed_ == regions_.size()) regions_.emplace_back();
    Region& r = regions_[regionsUsed_];
    r.address = frame;
    r.bytes.resize(need);
    if (!memory_.read(frame, r.bytes.data(), need)) return nullptr;
    ++regionsUsed_;
    return r.bytes.data();
}

Result<void> FrameWalker::walkModern(const ThreadStateView& ts, std::vector<RawFrame>& out) {
    regionsUsed_ = 0;
    olderChunk_ = 0;
    uint64_t current = ts.frame;
    process::ReadOp ops[2];
    size_t nops = 0;
    if (o_.tstate.cframe != kAbsent) {
        if (!ts.cframe) return {};
        ops[nops++] = {ts.cframe + o_.cframe.current_frame, &current, 8};
    }
    if (ts.chunk && ts.top > ts.chunk && ts.top - ts.chunk <= kMaxChunkBytes) {
        if (regions_.empty()) regions_.emplace_back();
        regions_[0].address = ts.chunk;
        regions_[0].bytes.resize(ts.top - ts.chunk);
        ops[nops++] = {ts.chunk, regions_[0].bytes.data(), regions_[0].bytes.size()};
        regionsUsed_ = 1;
    }
    if (nops)
        if (auto r = memory_.readAll({ops, nops}); !r) return r;
    if (regionsUsed_) olderChunk_ = at<uint64_t>(regions_[0].bytes.data(), o_.chunk.previous);

    const size_t start = out.size();
    const int32_t adaptive = o_.code.code_adaptive;
    size_t visited = 0;
    while (current) {
        if (++visited > kMaxFrames) return torn("stack deeper than 4096 frames (a cycle?)");
        const uint8_t* f = modernFrameBytes(current);
        if (!f) return torn("frame pointer to unreadable memory");
        const uint64_t code = at<uint64_t>(f, o_.iframe.code);
        const uint64_t instr = at<uint64_t>(f, o_.iframe.instr);
        const uint8_t owner = at<uint8_t>(f, o_.iframe.owner);
        const uint64_t previous = at<uint64_t>(f, o_.iframe.previous);
        // 3.12+ entry frames owned by the C stack are not Python code (FRAME_OWNED_BY_CSTACK = 3;
        // 3.14 adds INTERPRETER = 3 and moves CSTACK to 4: neither is a Python frame).
        const bool shim = owner >= 3;
        if (!shim) {
            if (!code) return torn("frame without code");
            const int64_t offset = static_cast<int64_t>(instr) - static_cast<int64_t>(code + adaptive);
            if (offset > (int64_t{1} << 26)) return torn("instruction pointer outside its code object");
            // A negative offset is a frame that has not started its first instruction yet (3.11/3.12
            // incomplete frames); CPython leaves those out of tracebacks too.
            if (offset >= 0 || o_.minor >= 13) out.push_back({code, std::max<int64_t>(offset, 0), current});
        }
        current = previous;
    }
    (void)start;
    return {};
}

} // namespace spyglass::cpython
