#pragma once
// Append-only storage for one writer and any number of concurrent readers.
//
// The live views query a profile while the sampler keeps appending to it. Elements never move once
// written (they live in fixed-size chunks), and the chunk directory is replaced, never edited in
// place, so a reader that loaded size() with acquire ordering may read every index below it
// without a lock. Old directories are kept until destruction; they add up to less than one
// current directory.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace spyglass {

template <typename T, unsigned ChunkBits = 14>
class ChunkedVector {
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

    // Writer only: reserve directory room so that appends up to `n` never replace the directory.
    void reserveChunks(size_t n) {
        const size_t chunks = (n + kMask) >> ChunkBits;
        Directory* d = dir_.load(std::memory_order_relaxed);
        if (!d || d->capacity < chunks) growDirectory(chunks);
    }

    size_t memoryBytes() const {
        return owned_.size() * kChunkSize * sizeof(T) + dirBytes_;
    }

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
    struct Directory {
        size_t capacity = 0;
        std::unique_ptr<T*[]> chunks;
    };

    void addChunk(size_t chunkIndex) {
        Directory* d = dir_.load(std::memory_order_relaxed);
        if (!d || d->capacity <= chunkIndex) growDirectory(std::max<size_t>(8, (chunkIndex + 1) * 2));
        // Not zeroed: no reader looks at a slot before the writer has filled it and published it.
        owned_.push_back(std::make_unique_for_overwrite<T[]>(kChunkSize));
        // Safe to write in place: no reader looks at a slot at or beyond size().
        dir_.load(std::memory_order_relaxed)->chunks[chunkIndex] = owned_.back().get();
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
    std::vector<std::unique_ptr<T[]>> owned_;
    std::vector<std::unique_ptr<Directory>> directories_;
    size_t dirBytes_ = 0;
};

} // namespace spyglass
