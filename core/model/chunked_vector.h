#pragma once
// Append-only storage for one writer and any number of concurrent readers.
//
// The live views query a profile while the sampler keeps appending to it. Elements never move once
// written (they live in fixed-size chunks), and the chunk directory is replaced, never edited in
// place, so a reader that loaded size() with acquire ordering may read every index below it
// without a lock. Old directories are kept until destruction; they add up to less than one
// current directory.
//
// Chunks of a large table come out of huge-page blocks (ChunkMemory): once a table holds 4 MiB,
// or when the writer reserves room for a size it knows, so that a big table costs a few page
// faults instead of one every 4 KiB. Small tables stay on the heap, one chunk at a time.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/model/chunk_memory.h"

namespace spyglass {

template <typename T, unsigned ChunkBits = 14>
class ChunkedVector {
    // Chunks are raw storage, never constructed or destroyed element by element.
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    static_assert(alignof(T) <= 16);

public:
    static constexpr size_t kChunkSize = size_t{1} << ChunkBits;
    static constexpr size_t kMask = kChunkSize - 1;

    ChunkedVector() = default;
    ChunkedVector(const ChunkedVector&) = delete;
    ChunkedVector& operator=(const ChunkedVector&) = delete;

    size_t size() const { return size_.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }

    const T& operator[](size_t i) const {
        const Directory* d = dir_.load(std::memory_order_acquire);
        return d->chunks[i >> ChunkBits][i & kMask];
    }
    // Writer only.
    T& mutableAt(size_t i) {
        const Directory* d = dir_.load(std::memory_order_relaxed);
        return d->chunks[i >> ChunkBits][i & kMask];
    }

    // Writer only. Returns the index of the new element.
    size_t push_back(const T& value) {
        const size_t n = size_.load(std::memory_order_relaxed);
        if ((n & kMask) == 0) addChunk(n >> ChunkBits);
        mutableAt(n) = value;
        size_.store(n + 1, std::memory_order_release);
        return n;
    }

    // Writer only: appends n elements in place. fill(T* dst, size_t count) writes the next `count`
    // of them (one chunk's worth at most), which are published when it returns.
    template <typename Fill>
    void appendBulk(size_t n, Fill&& fill) {
        size_t size = size_.load(std::memory_order_relaxed);
        while (n > 0) {
            if ((size & kMask) == 0) addChunk(size >> ChunkBits);
            const size_t count = std::min(n, kChunkSize - (size & kMask));
            fill(&mutableAt(size), count);
            size += count;
            n -= count;
            size_.store(size, std::memory_order_release);
        }
    }

    // Writer only: reserve directory room so that appends up to `n` never replace the directory.
    void reserveChunks(size_t n) {
        const size_t chunks = (n + kMask) >> ChunkBits;
        Directory* d = dir_.load(std::memory_order_relaxed);
        if (!d || d->capacity < chunks) growDirectory(chunks);
    }

    // Writer only: directory and storage for `n` elements in all, the storage in one huge-page
    // block when it is large enough to be worth one. Untouched storage costs address space only.
    void reserve(size_t n) {
        reserveChunks(n);
        const size_t chunks = (n + kMask) >> ChunkBits;
        const size_t have = chunksInUse_ + spareChunks_;
        if (chunks > have && (chunks - have) * kChunkBytes >= ChunkMemory::kHugePage)
            addBlock((chunks - chunksInUse_) * kChunkBytes);
    }

    size_t memoryBytes() const { return chunksInUse_ * kChunkBytes + dirBytes_; }

    template <typename F>
    void forEach(size_t begin, size_t end, F&& f) const {
        const Directory* d = dir_.load(std::memory_order_acquire);
        size_t i = begin;
        while (i < end) {
            const T* chunk = d->chunks[i >> ChunkBits];
            const size_t stop = std::min(end, ((i >> ChunkBits) + 1) << ChunkBits);
            for (; i < stop; ++i) f(i, chunk[i & kMask]);
        }
    }

private:
    static constexpr size_t kChunkBytes = kChunkSize * sizeof(T);
    // A table past this size grows in huge-page blocks of this size or an eighth of the table.
    static constexpr size_t kBlockThreshold = size_t{4} << 20;

    struct Directory {
        size_t capacity = 0;
        std::unique_ptr<T*[]> chunks;
    };

    void addChunk(size_t chunkIndex) {
        Directory* d = dir_.load(std::memory_order_relaxed);
        if (!d || d->capacity <= chunkIndex) growDirectory(std::max<size_t>(8, (chunkIndex + 1) * 2));
        T* chunk = takeChunk();
        // Safe to write in place: no reader looks at a slot at or beyond size().
        dir_.load(std::memory_order_relaxed)->chunks[chunkIndex] = chunk;
    }

    // Not zeroed or constructed: no reader looks at a slot before the writer has filled it and
    // published it.
    T* takeChunk() {
        const size_t used = chunksInUse_ * kChunkBytes;
        if (spareChunks_ == 0 && used >= kBlockThreshold) addBlock(std::max(kBlockThreshold, used / 8));
        ++chunksInUse_;
        if (spareChunks_ > 0) {
            --spareChunks_;
            return reinterpret_cast<T*>(std::exchange(spare_, spare_ + kChunkBytes));
        }
        heapChunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(kChunkBytes));
        return reinterpret_cast<T*>(heapChunks_.back().get());
    }

    void addBlock(size_t bytes) {
        ChunkMemory block = ChunkMemory::allocate(bytes);
        if (block.size() < kChunkBytes) return; // refused: chunks come from the heap instead
        spare_ = block.data();
        spareChunks_ = block.size() / kChunkBytes;
        blocks_.push_back(std::move(block));
    }

    void growDirectory(size_t capacity) {
        auto next = std::make_unique<Directory>();
        next->capacity = capacity;
        next->chunks = std::make_unique<T*[]>(capacity);
        if (Directory* old = dir_.load(std::memory_order_relaxed))
            for (size_t i = 0; i < old->capacity; ++i) next->chunks[i] = old->chunks[i];
        dirBytes_ += capacity * sizeof(T*);
        dir_.store(next.get(), std::memory_order_release);
        directories_.push_back(std::move(next));
    }

    std::atomic<Directory*> dir_{nullptr};
    std::atomic<size_t> size_{0};
    std::vector<std::unique_ptr<std::byte[]>> heapChunks_;
    std::vector<ChunkMemory> blocks_;
    std::byte* spare_ = nullptr; // the next unused chunk of the newest block
    size_t spareChunks_ = 0;
    size_t chunksInUse_ = 0;
    std::vector<std::unique_ptr<Directory>> directories_;
    size_t dirBytes_ = 0;
};

} // namespace spyglass
