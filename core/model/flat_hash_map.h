#pragma once
// Open-addressing hash map from a 64-bit key to a 32-bit id: the interning tables of a profile hold
// millions of entries, where std::unordered_map's node per entry would cost several times the data.
#include <bit>
#include <cstdint>
#include <vector>

namespace spyglass {

class FlatHashMap64 {
public:
    static constexpr uint32_t kMissing = UINT32_MAX;

    uint32_t find(uint64_t key) const {
        if (keys_.empty()) return kMissing;
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (values_[i] == kMissing) return kMissing;
            if (keys_[i] == key) return values_[i];
        }
    }

    // Inserts key→value unless key is present; returns the value stored for key.
    uint32_t insert(uint64_t key, uint32_t value) {
        if ((size_ + 1) * 10 > keys_.size() * 7) rehash(keys_.empty() ? 64 : keys_.size() * 2);
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (values_[i] == kMissing) {
                keys_[i] = key;
                values_[i] = value;
                ++size_;
                return value;
            }
            if (keys_[i] == key) return values_[i];
        }
    }

    // Makes room for n entries without rehashing on the way.
    void reserve(size_t n) {
        size_t capacity = 64;
        while (n * 10 > capacity * 7) capacity *= 2;
        if (capacity > keys_.size()) rehash(capacity);
    }

    size_t size() const { return size_; }
    size_t memoryBytes() const { return keys_.capacity() * 8 + values_.capacity() * 4; }
    void clear() {
        keys_.clear();
        values_.clear();
        size_ = 0;
        mask_ = 0;
    }

    static uint64_t mix(uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ULL;
        x ^= x >> 33;
        return x;
    }

private:
    size_t slot(uint64_t key) const { return mix(key) & mask_; }

    void rehash(size_t capacity) {
        std::vector<uint64_t> oldKeys = std::move(keys_);
        std::vector<uint32_t> oldValues = std::move(values_);
        keys_.assign(capacity, 0);
        values_.assign(capacity, kMissing);
        mask_ = capacity - 1;
        size_ = 0;
        for (size_t i = 0; i < oldKeys.size(); ++i)
            if (oldValues[i] != kMissing) insert(oldKeys[i], oldValues[i]);
    }

    std::vector<uint64_t> keys_;
    std::vector<uint32_t> values_;
    size_t size_ = 0;
    size_t mask_ = 0;
};

inline uint64_t packKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

} // namespace spyglass
