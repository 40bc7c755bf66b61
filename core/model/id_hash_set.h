#pragma once
// An open-addressing set of dense ids whose keys live elsewhere (in the table the ids index).
// Storing 4 bytes a slot instead of key + value keeps the stack trie's index at a third of the
// size of a map: the profile's memory budget is dominated by these indexes.
#include <cstdint>
#include <vector>

namespace spyglass {

class IdHashSet {
public:
    static constexpr uint32_t kEmpty = UINT32_MAX;

    // equals(id) says whether the stored id's key is the one looked for.
    template <typename Equals>
    uint32_t find(uint64_t hash, Equals&& equals) const {
        if (slots_.empty()) return kEmpty;
        for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const uint32_t id = slots_[i];
            if (id == kEmpty) return kEmpty;
            if (equals(id)) return id;
        }
    }

    // Adds an id known to be absent; hashOf(id) recomputes any stored id's hash when growing.
    template <typename HashOf>
    void insert(uint64_t hash, uint32_t id, HashOf&& hashOf) {
        if ((size_ + 1) * 4 > slots_.size() * 3) {
            std::vector<uint32_t> old = std::move(slots_);
            slots_.assign(old.empty() ? 64 : old.size() * 2, kEmpty);
            mask_ = slots_.size() - 1;
            for (uint32_t stored : old)
                if (stored != kEmpty) place(hashOf(stored), stored);
        }
        place(hash, id);
        ++size_;
    }

    size_t size() const { return size_; }
    size_t memoryBytes() const { return slots_.capacity() * sizeof(uint32_t); }

private:
    void place(uint64_t hash, uint32_t id) {
        size_t i = hash & mask_;
        while (slots_[i] != kEmpty) i = (i + 1) & mask_;
        slots_[i] = id;
    }

    std::vector<uint32_t> slots_;
    size_t size_ = 0;
    size_t mask_ = 0;
};

} // namespace spyglass
