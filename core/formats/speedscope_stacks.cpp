#include "core/formats/speedscope_stacks.h"

namespace spyglass::speedscope {

uint32_t IndexTrie::child(uint32_t parent, uint32_t frame) {
    const uint64_t hash = FlatHashMap64::mix(packKey(parent, frame));
    const auto tag = static_cast<uint32_t>(hash >> 32);
    size_t i = hash & mask_;
    if (!slots_.empty()) {
        for (;; i = (i + 1) & mask_) {
            const Slot s = slots_[i];
            if (s.id == kFree) break;
            if (s.tag == tag && parent_[s.id] == parent && frame_[s.id] == frame) return s.id;
        }
    }
    const auto id = static_cast<uint32_t>(parent_.size());
    parent_.push_back(parent);
    frame_.push_back(frame);
    if (parent_.size() * 4 > slots_.size() * 3)
        grow(); // also places the new node
    else
        slots_[i] = Slot{id, tag};
    return id;
}

void IndexTrie::grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (uint32_t id = 0; id < parent_.size(); ++id) {
        const uint64_t hash = FlatHashMap64::mix(packKey(parent_[id], frame_[id]));
        size_t i = hash & mask_;
        while (slots_[i].id != kFree)
            i = (i + 1) & mask_;
        slots_[i] = Slot{id, static_cast<uint32_t>(hash >> 32)};
    }
}

uint32_t DistinctStacks::add(std::span<const uint32_t> rootToLeaf) {
    if (node_.size() >= kMaxStacks) return kEmptyStack;
    const auto id = static_cast<uint32_t>(node_.size());
    node_.push_back(kPending);
    pendingId_.push_back(id);
    pendingStart_.push_back(pendingFrames_.size());
    pendingFrames_.append(rootToLeaf);
    if (pendingFrames_.size() > kPendingBudget) flush();
    return id;
}

void DistinctStacks::flush() {
    forEachPending([&](uint32_t id, std::span<const uint32_t> frames) {
        uint32_t n = IndexTrie::kRoot;
        for (uint32_t f : frames)
            n = trie_.child(n, f);
        node_[id] = n;
    });
    pendingFrames_.release();
    pendingStart_ = {};
    pendingId_ = {};
}

} // namespace spyglass::speedscope
