#pragma once
// A small open-addressing map from a target address to a 32-bit value, with overwrite: the caches
// of the stack reader look one up per frame per sample, so it must cost a few nanoseconds.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spyglass::cpython {

class AddressMap {
public:
    static constexpr uint32_t kMissing = UINT32_MAX;

    uint32_t find(uint64_t key) const {
        if (keys_.empty()) return kMissing;
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (values_[i] == kMissing) return kMissing;
            if (keys_[i] == key) return values_[i];
        }
    }

    void set(uint64_t key, uint32_t value) {
        if ((size_ + 1) * 4 > keys_.size() * 3) grow();
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (values_[i] == kMissing) {
                keys_[i] = key;
                values_[i] = value;
                ++size_;
                return;
            }
            if (keys_[i] == key) {
                values_[i] = value;
                return;
            }
        }
    }

    size_t size() const { return size_; }
    void clear() {
        keys_.clear();
        values_.clear();
        size_ = 0;
        mask_ = 0;
    }

private:
    size_t slot(uint64_t key) const {
        key ^= key >> 29;
        key *= 0xbf58476d1ce4e5b9ULL;
        key ^= key >> 32;
        return key & mask_;
    }
    void grow() {
        std::vector<uint64_t> oldKeys = std::move(keys_);
        std::vector<uint32_t> oldValues = std::move(values_);
        const size_t capacity = oldKeys.empty() ? 64 : oldKeys.size() * 2;
        keys_.assign(capacity, 0);
        values_.assign(capacity, kMissing);
        mask_ = capacity - 1;
        size_ = 0;
        for (size_t i = 0; i < oldKeys.size(); ++i)
            if (oldValues[i] != kMissing) set(oldKeys[i], oldValues[i]);
    }

    std::vector<uint64_t> keys_;
    std::vector<uint32_t> values_;
    size_t size_ = 0;
    size_t mask_ = 0;
};

} // namespace spyglass::cpython
