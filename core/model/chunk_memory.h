#pragma once
// Blocks of memory for the model's large tables, backed by transparent huge pages where the system
// allows: a page fault costs several microseconds on the VMs we run on, and a million-sample
// profile is some 14,000 pages of 4 KiB but some 30 pages of 2 MiB.
#include <cstddef>

namespace spyglass {

class ChunkMemory {
public:
    static constexpr size_t kHugePage = size_t{2} << 20;

    ChunkMemory() = default;
    // At least `bytes` (rounded up to whole huge pages), 2 MiB aligned, zero until written. Empty
    // (data() == nullptr) when the system refuses; callers then fall back to the heap.
    static ChunkMemory allocate(size_t bytes);

    ChunkMemory(ChunkMemory&& other) noexcept : data_(other.data_), size_(other.size_) {
        other.data_ = nullptr;
        other.size_ = 0;
    }
    ChunkMemory& operator=(ChunkMemory&& other) noexcept;
    ChunkMemory(const ChunkMemory&) = delete;
    ChunkMemory& operator=(const ChunkMemory&) = delete;
    ~ChunkMemory();

    std::byte* data() const { return data_; }
    size_t size() const { return size_; }

private:
    std::byte* data_ = nullptr;
    size_t size_ = 0;
};

} // namespace spyglass
