#pragma once
// Walking one thread's Python frames, innermost first, with as few reads as possible.
//
// Reads go through the Prefetcher, so a steady program's frames come from the one read at the
// start of the sample. What it does not hold:
// ≤3.10: frames are heap objects linked by f_back. The walker remembers each frame's f_back from
// earlier samples and reads the whole predicted chain in one process_vm_readv; each frame is then
// checked against its predecessor's f_back, and the walk continues from the first mismatch.
// 3.11+: frames live in the thread's data stack; the walker reads the current chunk up to
// the current frame (or datastack_top) in one call and walks it in local memory, reading older
// chunks whole and only frames outside any chunk (generators, coroutines) one by one.
#include "core/cpython/address_map.h"
#include "core/cpython/code_cache.h"
#include "core/cpython/prefetcher.h"
#include "core/cpython/python_target.h"
#include "core/model/result.h"
#include "core/process/process_memory.h"

#include <cstdint>
#include <vector>

namespace spyglass::cpython {

inline constexpr size_t kMaxFrames = 4096;

struct ThreadStateView {
    uint64_t address = 0;
    uint64_t prev = 0; // 3.6+
    uint64_t next = 0;
    uint64_t interp = 0;
    uint64_t threadId = 0;       // pthread_t
    uint64_t nativeThreadId = 0; // 3.11+
    uint64_t uniqueId = 0;       // 3.7–3.10: PyThreadState.id, read where the tid is not there
    uint64_t frame = 0;          // ≤3.10: top PyFrameObject; 3.13+: current _PyInterpreterFrame
    uint64_t cframe = 0;         // 3.11/3.12
};

class FrameWalker {
  public:
    FrameWalker(const process::ProcessMemory& memory, Prefetcher& prefetch,
                const PythonTarget& target);

    // Bytes of a thread state to read to fill a ThreadStateView.
    size_t threadStateReadSize() const { return tstateReadSize_; }
    ThreadStateView parseThreadState(uint64_t address, const uint8_t* bytes) const;

    // A new sample begins (region numbers restart).
    void startSample() { regionSerial_ = 0; }
    // The last sample was torn: where each thread's data stack was is no longer trusted.
    void forgetChunks() {
        chunkIndex_.clear();
        knownChunks_.clear();
    }
    // Appends the thread's frames to `out`.
    Result<void> walk(const ThreadStateView& ts, std::vector<RawFrame>& out);
    // Frames left out of a walk because they had not started (3.11/3.12; for benchmarks).
    uint64_t notStartedFrames() const { return notStarted_; }

  private:
    struct Region {
        uint64_t address = 0;
        const uint8_t* data = nullptr;
        size_t size = 0;
        std::vector<uint8_t> storage; // when not a view into the prefetch
        uint32_t serial = 0;          // unique within the sample
        bool chunk = false;           // a data-stack chunk (frames in it are laid out back to back)
        uint64_t usedEnd = 0;         // chunk: end of its used part
        // From the prefetch: the part of it the same call copied a second time (Prefetcher::
        // secondCopy), against which the walk compares each frame's checked words itself.
        const uint8_t* again = nullptr;
        uint64_t againLo = 0;
        size_t againSize = 0;
        // Written without a + n, which a torn pointer near 2^64 would wrap around.
        bool contains(uint64_t a, size_t n) const {
            return a >= address && n <= size && a - address <= size - n;
        }
    };

    Result<void> walkLegacy(const ThreadStateView& ts, std::vector<RawFrame>& out);
    Result<void> walkModern(const ThreadStateView& ts, std::vector<RawFrame>& out);
    const uint8_t* legacyFrameBytes(uint64_t frame, Error& failure);
    // The frame's bytes, and in `regionIndex` the region (regions_) they are in.
    const uint8_t* modernFrameBytes(uint64_t frame, size_t& regionIndex);
    bool loadRegion(uint64_t address, size_t size, bool chunk, bool noted = true);
    // 3.11+: the thread's current data-stack chunk, as a region (regions_[0]); false when it has
    // none. From the chunk the last sample found when the current frame lies in it, else from
    // the thread state's datastack_chunk and datastack_top.
    Result<bool> loadCurrentChunk(const ThreadStateView& ts, uint64_t current);
    // With that chunk loaded as regions_[0] (`read` bytes of it, `used` in use): its older chunk,
    // and what the next sample reads of it (noted, and remembered for the thread at `known` in
    // knownChunks_, or a new entry). False when its header does not hold the bytes read.
    bool keepChunk(uint64_t tstate, uint32_t known, uint64_t chunk, size_t used, size_t read);
    void rememberBack(uint64_t frame, uint64_t back);

    const process::ProcessMemory& memory_;
    Prefetcher& prefetch_;
    const PythonTarget& target_;
    const PyOffsets& o_;
    size_t tstateReadSize_ = 0;
    size_t frameReadSize_ = 0;
    // ≤3.10 chain prediction
    AddressMap backIndex_;
    std::vector<uint64_t> backs_;
    std::vector<uint64_t> batchAddresses_;
    std::vector<uint8_t> batchBytes_;
    std::vector<process::ReadOp> batchOps_;
    size_t batchCursor_ = 0, batchSize_ = 0;
    // 3.11+ data-stack chunks and lone frames of the current walk
    std::vector<Region> regions_;
    size_t regionsUsed_ = 0;
    uint64_t olderChunk_ = 0; // the next older chunk not read yet
    // 3.11+: each thread's current chunk as the last sample found it, by thread state address:
    // its address and how much of it to read (its used part, up to the current frame, and some
    // slack). The thread state's datastack_chunk/datastack_top are read only when the current
    // frame lies outside it, so the thread state's read stops at native_thread_id (a static main
    // thread state can put those two words on a page of their own: a page pin, 0.2 µs, a sample).
    struct KnownChunk {
        uint64_t chunk = 0;
        size_t extent = 0;
    };
    AddressMap chunkIndex_;
    std::vector<KnownChunk> knownChunks_;
    uint32_t regionSerial_ = 0;
    uint64_t notStarted_ = 0;
};

} // namespace spyglass::cpython
