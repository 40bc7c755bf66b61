#pragma once
// The distinct stacks of a speedscope file, as speedscope frame indices, before the frames are
// known (py-spy writes them after the samples). New stacks wait in a flat list, which costs no
// lookups; a list grown past a fixed budget moves into a trie, whose size follows the distinct
// stack nodes (the model's own size) rather than the file's.
#include "core/model/chunk_memory.h"
#include "core/model/flat_hash_map.h"

#include <algorithm>
#include <cstdint>
#include <future>
#include <span>
#include <utility>
#include <vector>

namespace spyglass::speedscope {

// Stack ids with a meaning of their own in a series.
inline constexpr uint32_t kEmptyStack = UINT32_MAX; // a sample with no frames
inline constexpr uint32_t kGap = UINT32_MAX - 1;    // evented: time passes with no frame open
inline constexpr uint32_t kMaxStacks = UINT32_MAX - 2;
inline constexpr size_t kMaxStackDepth = 1 << 16;

// Stacks as a trie over speedscope frame indices, in creation order (a parent before its children).
// The index keeps a 32-bit fingerprint beside each id, so a probe touches the node arrays only on
// a likely match.
class IndexTrie {
  public:
    static constexpr uint32_t kRoot = UINT32_MAX;
    uint32_t child(uint32_t parent, uint32_t frame);
    size_t size() const { return parent_.size(); }
    uint32_t parent(uint32_t node) const { return parent_[node]; }
    uint32_t frame(uint32_t node) const { return frame_[node]; }
    void releaseIndex() { slots_ = {}; }

  private:
    static constexpr uint32_t kFree = UINT32_MAX;
    struct Slot {
        uint32_t id = kFree;
        uint32_t tag = 0;
    };
    void grow();

    std::vector<uint32_t> parent_;
    std::vector<uint32_t> frame_;
    std::vector<Slot> slots_;
    size_t mask_ = 0;
};

// Frames of the pending stacks, appended to the end. Room for the whole budget is reserved at the
// first append, in huge pages where the system has them: a growing vector copied itself and
// faulted in fresh 4 KiB pages as it went (untouched room costs address space only).
class PendingFrames {
  public:
    explicit PendingFrames(size_t capacity) : capacity_(capacity) {}
    void append(std::span<const uint32_t> frames) {
        if (size_ == 0 && !memory_.data() && fallback_.capacity() == 0) {
            memory_ = ChunkMemory::allocate(capacity_ * sizeof(uint32_t));
            if (!memory_.data()) fallback_.reserve(capacity_);
        }
        if (memory_.data() && size_ + frames.size() > capacity_) { // beyond the budget after all
            fallback_.assign(data(), data() + size_);
            memory_ = {};
        }
        if (memory_.data())
            std::copy(frames.begin(), frames.end(),
                      reinterpret_cast<uint32_t*>(memory_.data()) + size_);
        else
            fallback_.insert(fallback_.end(), frames.begin(), frames.end());
        size_ += frames.size();
    }
    const uint32_t* data() const {
        return memory_.data() ? reinterpret_cast<const uint32_t*>(memory_.data())
                              : fallback_.data();
    }
    size_t size() const { return size_; }
    void release() {
        memory_ = {};
        fallback_ = {};
        size_ = 0;
    }

  private:
    size_t capacity_;
    ChunkMemory memory_;
    std::vector<uint32_t> fallback_; // only when the system refuses the reservation
    size_t size_ = 0;
};

class DistinctStacks {
  public:
    static constexpr uint32_t kPending = UINT32_MAX;
    // Frames of pending stacks kept before they move into the trie (4 bytes each).
    static constexpr size_t kPendingBudget = size_t{8} << 20;

    // The id of a new distinct stack (root first, at least one frame); kEmptyStack when full.
    uint32_t add(std::span<const uint32_t> rootToLeaf);
    size_t size() const { return node_.size(); }

    // For building the model: node(id) is a trie node, or kPending for a stack still in the list.
    uint32_t node(uint32_t id) const { return node_[id]; }
    const IndexTrie& trie() const { return trie_; }
    void releaseTrieIndex() { trie_.releaseIndex(); }
    size_t pendingCount() const { return pendingId_.size(); }
    // Calls f(id, frames) for each pending stack.
    template <typename F>
    void forEachPending(F&& f) const {
        for (size_t i = 0; i < pendingId_.size(); ++i) {
            const size_t end =
                i + 1 < pendingStart_.size() ? pendingStart_[i + 1] : pendingFrames_.size();
            f(pendingId_[i], std::span<const uint32_t>(pendingFrames_.data() + pendingStart_[i],
                                                       end - pendingStart_[i]));
        }
    }

  private:
    void flush();

    std::vector<uint32_t> node_;
    PendingFrames pendingFrames_{kPendingBudget + kMaxStackDepth};
    std::vector<size_t> pendingStart_;
    std::vector<uint32_t> pendingId_;
    IndexTrie trie_;
};

// The pending stacks in lexicographic order, each with the length of the prefix it shares with
// the one before it: the model then needs new nodes only after that prefix.
struct OrderedStack {
    uint32_t id;
    uint32_t common;
    std::span<const uint32_t> frames;
};
std::vector<OrderedStack> orderPending(const DistinctStacks& stacks);
// The same on a second thread, for the reader to intern the frames meanwhile (the order needs no
// frames). Destroying the future waits for the thread, so it never outlives `stacks`.
std::future<std::vector<OrderedStack>> orderPendingAsync(const DistinctStacks& stacks);

} // namespace spyglass::speedscope
