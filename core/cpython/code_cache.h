#pragma once
// Code objects of the target, decoded once and cached by address. An address can be freed and
// reused by another code object, so every sample re-reads each cached code object's identity
// fields (type, name, qualname, filename and line-table pointers, first line, bytecode pointer) in
// one batched read for all frames of the sample, and reloads an entry whose identity changed.
// Function and frame ids are interned into the profile being written and cached per (code, line).
#include "core/cpython/address_map.h"
#include "core/cpython/line_table.h"
#include "core/cpython/object_reader.h"
#include "core/cpython/prefetcher.h"
#include "core/model/flat_hash_map.h"
#include "core/model/profile.h"
#include "core/model/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace spyglass::cpython {

// One Python frame as the walkers find it: the code object and the byte offset of the current
// instruction in its bytecode (negative when the frame has not started).
struct RawFrame {
    uint64_t code = 0;
    int64_t offset = 0;
    uint64_t frame = 0;           // the frame's own address (for --locals)
    uint32_t region = UINT32_MAX; // 3.11+: which data-stack chunk copy it was found in, if any
    uint64_t chunkData = 0;       // that chunk's first frame slot (its data[] array)
    uint64_t chunkEnd = 0;        // and the end of its used part (datastack_top or the saved top)
    bool outermost = false;       // the last frame of its thread (the next one is another thread's)
};

// Put in place of a frame that is not the user's code (3.12+ "<shim>" trampolines).
inline constexpr FrameId kSkippedFrame = UINT32_MAX;

struct CodeIdentity {
    uint64_t type = 0, filename = 0, name = 0, qualname = 0, linetable = 0, bytecode = 0;
    int32_t firstLine = 0;
    int32_t nlocalsplus = 0, stacksize = 0; // 3.11+: the size of its frames
    bool operator==(const CodeIdentity&) const = default;
};

struct CodeInfo {
    uint64_t address = 0;
    CodeIdentity identity;
    std::string name; // qualified name on 3.11+
    std::string file;
    LineTable lines;
    int32_t firstLine = 0;
    uint64_t frameBytes = 0; // 3.11+: bytes a frame of this code takes on the data stack
    FunctionId function = 0;
    bool hasFunction = false;
    uint32_t checkedInSample = 0;
    bool shim = false; // a "<shim>" trampoline (3.12+): left out of stacks
    bool live = true;  // false once superseded by a reload of the same address
};

class CodeCache {
  public:
    explicit CodeCache(const ObjectReader& reader) : reader_(reader) {}

    // Turns the frames of one sample (all threads) into frame ids, innermost-first order kept.
    // A frame whose code object does not validate makes the whole sample Torn.
    // Identity fields come from `prefetch` where it holds them (one batched read otherwise).
    Result<void> resolve(Profile& profile, std::span<const RawFrame> frames,
                         std::vector<FrameId>& out, Prefetcher& prefetch);

    // Decoded info for a code object (loading it when new); for `dump` and tests.
    Result<const CodeInfo*> info(uint64_t code);
    int32_t lineOf(const CodeInfo& code, int64_t offset) const { return code.lines.lineAt(offset); }

    // Frames at their function's first line (co_firstlineno) instead of the current one.
    void setFunctionLines(bool on);

    size_t size() const { return entries_.size(); }
    void clear();
    // Entries beyond which the cache starts over, before the next sample (tests set a small one).
    void setCapacity(size_t entries) { capacity_ = entries; }

  private:
    Result<uint32_t> load(uint64_t address);
    Result<CodeIdentity> identityFrom(const uint8_t* bytes) const; // bytes from offset identityLo_
    void prepareLayout();
    void forgetProfile(Profile& profile);

    struct MemoEntry {
        uint64_t code = 0;
        int64_t offset = 0;
        uint32_t slot = UINT32_MAX;
        FrameId frame = 0;
    };

    const ObjectReader& reader_;
    std::vector<CodeInfo> entries_;
    AddressMap index_;            // code address → entries_ slot (a reload takes a new slot)
    FlatHashMap64 frameIds_;      // (slot << 32 | line) → FrameId, for the current profile
    std::vector<MemoEntry> memo_; // direct-mapped (code, offset) → frame id
    const Profile* profile_ = nullptr;
    size_t profileFunctions_ = 0;
    uint32_t sample_ = 0;
    bool functionLines_ = false;
    size_t capacity_ = 200000;
    int32_t identityLo_ = -1, identityHi_ = 0;
    std::vector<uint32_t> toCheck_;
    std::vector<uint32_t> slotsScratch_;
    std::vector<uint32_t> staleScratch_;
    std::vector<uint8_t> scratch_;
    std::vector<process::ReadOp> opsScratch_;
};

} // namespace spyglass::cpython
