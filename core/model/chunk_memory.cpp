#include "core/model/chunk_memory.h"

#include <cstdint>
#include <sys/mman.h>
#include <utility>

namespace spyglass {

ChunkMemory ChunkMemory::allocate(size_t bytes) {
    ChunkMemory m;
    if (bytes == 0 || bytes > (size_t{1} << 46)) return m;
    const size_t size = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    // Over-map by one huge page and trim, so the block starts on a huge-page boundary.
    void* raw = ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return m;
    const auto start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHugePage - 1) & ~uintptr_t(kHugePage - 1);
    if (aligned > start) ::munmap(raw, aligned - start);
    if (const size_t tail = start + size + kHugePage - (aligned + size); tail > 0)
        ::munmap(reinterpret_cast<void*>(aligned + size), tail);
#ifdef MADV_HUGEPAGE
    ::madvise(reinterpret_cast<void*>(aligned), size,
              MADV_HUGEPAGE); // advice only: failure is fine
#endif
    m.data_ = reinterpret_cast<std::byte*>(aligned);
    m.size_ = size;
    return m;
}

ChunkMemory& ChunkMemory::operator=(ChunkMemory&& other) noexcept {
    if (this != &other) {
        if (data_) ::munmap(data_, size_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

ChunkMemory::~ChunkMemory() {
    if (data_) ::munmap(data_, size_);
}

} // namespace spyglass
