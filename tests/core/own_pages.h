#pragma once
// Pages of this test process's own memory, for Prefetcher tests that read them back with
// process_vm_readv: each range a test puts on a page of its own, so the Prefetcher never merges
// two of them (it merges ranges on the same or adjacent pages only when they are that close).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sys/mman.h>

namespace spyglass::test {

class OwnPages {
  public:
    static constexpr size_t kPage = 4096;

    explicit OwnPages(size_t count = 16) : count_(count) {
        void* p = mmap(nullptr, count * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
        base_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
    }
    ~OwnPages() {
        if (base_) munmap(base_, count_ * kPage);
    }
    OwnPages(const OwnPages&) = delete;
    OwnPages& operator=(const OwnPages&) = delete;

    bool ok() const { return base_ != nullptr; }
    uint64_t at(size_t page) const { return reinterpret_cast<uint64_t>(base_ + page * kPage); }
    void set(uint64_t address, uint64_t v) const {
        std::memcpy(reinterpret_cast<void*>(address), &v, 8);
    }

  private:
    size_t count_;
    uint8_t* base_ = nullptr;
};

} // namespace spyglass::test
