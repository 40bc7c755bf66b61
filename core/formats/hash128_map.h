#pragma once
// Open-addressing map from a 128-bit content hash (XXH3-128 of a line's stack text, or of one
// frame's text) to a 32-bit id. The text readers look up every line here and parse only the text
// they have not seen, so the hot path is one hash and one probe per line. At 128 bits a collision
// between distinct texts is far less likely than a memory error, so the text itself is not kept.
// (The map keeps 96 of the bits; at a million entries the odds of any collision are ~1e-17.)
#include "core/model/chunk_memory.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <xxhash.h>

namespace spyglass {

struct Hash128 {
    uint64_t low = 0, high = 0;
    bool operator==(const Hash128&) const = default;
};

inline Hash128 hashText(std::string_view s) {
    const XXH128_hash_t h = XXH3_128bits(s.data(), s.size());
    return {h.low64, h.high64};
}

// The key of a stack prefix from its parent prefix's key and its last frame's text: distinct
// prefixes get distinct keys with the odds of a 128-bit hash, without rehashing the whole prefix.
inline Hash128 chainHash(const Hash128& parent, std::string_view frame) {
    const XXH128_hash_t h = XXH3_128bits_withSeed(frame.data(), frame.size(), parent.low);
    return {h.low64 ^ (parent.high * 0x9E3779B97F4A7C15ULL), h.high64 ^ parent.high};
}

class Hash128Map {
  public:
    static constexpr uint32_t kMissing = UINT32_MAX;

    Hash128Map() = default;
    Hash128Map(const Hash128Map&) = delete;
    Hash128Map& operator=(const Hash128Map&) = delete;

    uint32_t find(const Hash128& key) const {
        if (capacity_ == 0) return kMissing;
        const auto high = static_cast<uint32_t>(key.high);
        for (size_t i = key.low & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.valuePlusOne == 0) return kMissing;
            if (s.low == key.low && s.high == high) return s.valuePlusOne - 1;
        }
    }

    void prefetch(const Hash128& key) const {
        if (capacity_ != 0) __builtin_prefetch(&slots_[key.low & mask_]);
    }

    // value < kMissing.
    void insert(const Hash128& key, uint32_t value) {
        if ((size_ + 1) * 4 > capacity_ * 3) rehash(capacity_ == 0 ? 1024 : capacity_ * 2);
        place(key.low, static_cast<uint32_t>(key.high), value + 1);
    }

    size_t size() const { return size_; }
    size_t memoryBytes() const { return capacity_ * sizeof(Slot); }

  private:
    // 96 of the 128 bits are kept (16-byte slots, four to a cache line): still far beyond
    // the number of distinct stacks any file holds. An all-zero slot is free, so a table fresh
    // from the kernel needs no initialization.
    struct Slot {
        uint64_t low = 0;
        uint32_t high = 0;
        uint32_t valuePlusOne = 0;
    };

    void place(uint64_t low, uint32_t high, uint32_t valuePlusOne) {
        for (size_t i = low & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.valuePlusOne == 0) {
                s = Slot{low, high, valuePlusOne};
                ++size_;
                return;
            }
            if (s.low == low && s.high == high) return;
        }
    }

    // Tables of 2 MiB and more come straight from the kernel in huge pages (zeroed, a few page
    // faults); a collapsed file's stack table grows to tens of megabytes, and faulting in each
    // new table 4 KiB at a time was most of the reader's page faults.
    void rehash(size_t capacity) {
        std::unique_ptr<Slot[]> oldHeap = std::move(heap_);
        ChunkMemory oldHuge = std::move(huge_);
        const Slot* old = slots_;
        const size_t oldCapacity = capacity_;
        slots_ = nullptr;
        if (capacity * sizeof(Slot) >= ChunkMemory::kHugePage) {
            huge_ = ChunkMemory::allocate(capacity * sizeof(Slot));
            slots_ = reinterpret_cast<Slot*>(huge_.data());
        }
        if (!slots_) {
            heap_ = std::make_unique<Slot[]>(capacity);
            slots_ = heap_.get();
        }
        capacity_ = capacity;
        mask_ = capacity - 1;
        size_ = 0;
        for (size_t i = 0; i < oldCapacity; ++i)
            if (old[i].valuePlusOne != 0) place(old[i].low, old[i].high, old[i].valuePlusOne);
    }

    Slot* slots_ = nullptr;
    std::unique_ptr<Slot[]> heap_;
    ChunkMemory huge_;
    size_t capacity_ = 0;
    size_t size_ = 0;
    size_t mask_ = 0;
};

} // namespace spyglass
