#pragma once
// One process_vm_readv per sample: every range a sample needed (interpreter head, GIL state,
// thread states, frame chains or data-stack chunks, code objects' identity fields) is noted, and
// the next sample starts by reading all of them at once, nearby ranges merged into one iovec.
// The walkers then take their bytes from that read and issue a syscall only for what is new.
// Nothing read this way is trusted more than a direct read: every link and identity check of the
// walk still applies, and all of it comes from one instant, which makes torn reads rarer.
#include <cstdint>
#include <vector>

#include "core/model/result.h"
#include "core/process/process_memory.h"

namespace spyglass::cpython {

class Prefetcher {
public:
    explicit Prefetcher(const process::ProcessMemory& memory) : memory_(memory) {}

    // Reads the ranges noted during the previous sample. Fails only when the process is gone or
    // refused; ranges that could not be read are simply not available.
    Result<void> begin();
    // Bytes [address, address+size) from this sample's prefetch, or nullptr. Notes the range.
    const uint8_t* find(uint64_t address, size_t size);
    // Copies [address, address+size) from the prefetch or, when missing, reads it. Notes it.
    Result<void> read(uint64_t address, void* into, size_t size);
    // Notes a range for the next sample without reading it now.
    void note(uint64_t address, size_t size) { notes_.push_back({address, size}); }
    // A pointer-sized word the walk relied on (a frame's link to its caller, its code object):
    // verify() checks that it still holds `value`.
    void expect(uint64_t address, uint64_t value) { expected_.push_back({address, value}); }
    // Ends the sample: the noted ranges become the next sample's plan.
    void end();
    // Reads the plan again right after the walk and checks every expected word: a stack whose
    // links moved while it was being read is Torn, never reported. Call after end().
    Result<void> verify();
    // Forgets the plan (after the target's memory was found inconsistent).
    void reset();

    size_t plannedRanges() const { return planned_.size(); }
    size_t plannedBytes() const { return bytes_.size(); }

private:
    const uint8_t* lookup(uint64_t address, size_t size);
    Result<void> load(bool backwards);

    struct Range {
        uint64_t address;
        size_t size;
        bool operator==(const Range&) const = default;
    };
    struct Loaded {
        uint64_t address;
        size_t size;
        size_t offset; // in bytes_
    };
    const process::ProcessMemory& memory_;
    std::vector<Range> notes_, lastNotes_;
    std::vector<Range> planned_; // merged, sorted
    std::vector<uint8_t> bytes_;
    std::vector<Loaded> loaded_; // the planned ranges read in this sample, sorted
    std::vector<process::ReadOp> ops_;
    struct Expected {
        uint64_t address;
        uint64_t value;
    };
    std::vector<Expected> expected_;
    size_t lastHit_ = 0;
};

} // namespace spyglass::cpython
