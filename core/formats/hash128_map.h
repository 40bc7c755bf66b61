#pragma once
// Open-addressing map from a 128-bit content hash (XXH3-128 of a line's stack text, or of one
// frame's text) to a 32-bit id. The text readers look up every line here and parse only the text
// they have not seen, so the hot path is one hash and one probe per line. At 128 bits a collision
// between distinct texts is far less likely than a memory error, so the text itself is not kept.
// (The map keeps 96 of the bits; at a million entries the odds of any collision are ~1e-17.)
#include <cstdint>
#include <string_view>
#include <vector>
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

    uint32_t find(const Hash128& key) const {
        if (slots_.empty()) return kMissing;
        const auto high = static_cast<uint32_t>(key.high);
        for (size_t i = key.low & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.value == kMissing) return kMissing;
            if (s.low == key.low && s.high == high) return s.value;
        }
    }

    void prefetch(const Hash128& key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[key.low & mask_]);
    }

    void insert(const Hash128& key, uint32_t value) {
        if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
        const auto high = static_cast<uint32_t>(key.high);
        for (size_t i = key.low & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.value == kMissing) {
                s = Slot{key.low, high, value};
                ++size_;
                return;
            }
            if (s.low == key.low && s.high == high) return;
        }
    }

    size_t size() const { return size_; }
    size_t memoryBytes() const { return slots_.capacity() * sizeof(Slot); }

  private:
    // 96 of the 128 bits are kept (16-byte slots, four to a cache line): still far beyond
    // the number of distinct stacks any file holds.
    struct Slot {
        uint64_t low = 0;
        uint32_t high = 0;
        uint32_t value = kMissing;
    };

    void rehash(size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        size_ = 0;
        for (const Slot& s : old)
            if (s.value != kMissing) insert(Hash128{s.low, s.high}, s.value);
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
    size_t mask_ = 0;
};

} // namespace spyglass
