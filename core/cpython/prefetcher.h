#pragma once
// One process_vm_readv per sample: every range a sample needed (interpreter head, GIL state,
// thread states, frame chains or data-stack chunks, code objects' identity fields) is noted, and
// the next sample starts by reading all of them at once. Each iovec costs the kernel a page pin and
// unpin of its own (about 0.45 µs here, where a KB of copying costs 0.07 µs), so ranges on the
// same or adjacent pages are merged into one. The walkers then take their bytes from that read and
// issue a syscall only for what is new. Nothing read this way is trusted more than a direct read:
// every link and identity check of the walk still applies.
//
// Verification rides in the same syscall: after the plan, the same call copies again, in the
// opposite order, the words that held a checked link in the previous sample (per planned range,
// the span from its first to its last checked word). The kernel copies iovecs in order, so the
// second copy starts after the first has ended; a walk that found everything in the first copy is
// verified against the second with no further syscall. Two kinds of range are copied only once:
// - the middle: a range with one moving checked word, an aligned word (a _PyCFrame's current
//   frame, a ≤3.10 or 3.13 thread state's), from which the walk of its thread starts. It is the
//   call's first iovec: copying a range pulls the target's cache lines to our CPU, and the target
//   then stalls on its next write to each of them (frame slots, code objects' reference counts,
//   the recursion counter), mostly while it pushes a frame; a current frame copied just after
//   them caught a program of 0.25 µs calls between two calls in 40-70 % of the samples instead of
//   the 14 % it spends there (docs/BENCHMARKS.md). Copied first, before this call touches
//   anything, it sees the program undisturbed. The ranges whose moving words span the most (a
//   data-stack chunk) follow at once, before the current frame can return and leave its slot
//   showing its end. The frames it leads to are verified as every other
//   checked word, before and after; the stack reported is the one they held in that window, with
//   the innermost frame the current one of the first instant. With frames linked one by one
//   (≤3.10, setWalkOrder), the ranges copied twice follow instead in the order the walk first read
//   them (the current frame's, then its callers' outwards) and their second copies in the opposite
//   order: the callers nearest the current frame, whose positions move most often, are copied
//   nearest the instant. Two copies cannot see a caller's position leave and come back between
//   them (a loop of sub-µs calls does that), and a stack pairing the current frame with a caller
//   line it was not called from then passes; this order makes that about half as frequent
//   (fewer in 11 of 12 paired runs; docs/BENCHMARKS.md, eighth round);
// - instants: every other range with a single aligned moving checked word (3.11/3.12: the thread
//   state, whose one moving word is its link to the C frame that holds the middle; another
//   thread's middle). Copied once, among the first copies (3.11+: right after the middle; ≤3.10:
//   after the frames): one word's copy is atomic, and a change of it within the window would
//   move the frames the walk reads from it, whose checked words are all copied twice. The second
//   copy it saves is a whole iovec; a link that stopped holding between samples is seen as
//   before, by the walk that reads it;
// - single ranges, after the first copies: ranges whose checked words hold for the life of their
//   structure (expectOnce: a C-stack entry frame's link), when every checked link into them is
//   copied twice, so the structure was alive, and those words unchanged, throughout.
// - last, after the second copies (3.11+): ranges with no checked word (code objects' identity
//   fields, the GIL word); the instants go right after the middle. Then nothing but other second
//   copies lies between a data-stack chunk's two copies. Among the first copies each such range
//   widened by an iovec the window every checked word must hold over, and a sample whose current
//   call ended in that window tears: a program going between calls of a few µs lost the samples
//   of its shorter calls (a third of the time read at 2-5 %, now 16-21 %). On ≤3.10, with a frame
//   range each, no difference came out of the noise, and they keep the measured walk order
//   (docs/BENCHMARKS.md, eighth round).
// A walk that read anything else, or whose links lie outside the second copy, is verified by a
// separate re-read after the walk, as before.
// The frames of a data-stack chunk are the bulk of a deep sample's checked words (three a frame):
// the walker compares those with the second copy itself as it walks (comparedFrame), so they are
// neither stored as expected words nor compared in a second pass; only a re-read expands them.
#include "core/model/result.h"
#include "core/process/process_memory.h"

#include <cstdint>
#include <vector>

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
    void expect(uint64_t address, uint64_t value) {
        expected_.push(address, value, WordCheck::Equal);
    }
    // A checked word that holds one value for the life of the structure it is in (a C-stack entry
    // frame's link to its caller): copied once when every checked link to it is copied twice.
    void expectOnce(uint64_t address, uint64_t value) {
        expected_.push(address, value, WordCheck::Once);
    }
    // An object's reference count, which moves while it lives: checked to be still positive. A
    // ≤3.10 frame that returned keeps its code and caller links (its code object keeps it as a
    // zombie for the next call), so only its count says that it died while the stack was read.
    void expectLive(uint64_t address) { expected_.push(address, uint64_t{0}, WordCheck::Positive); }
    // A data-stack frame walked from the first copy whose checked words (code, caller link and,
    // with `withInstr`, instruction pointer; at the offsets given by setFrameWords) the walker
    // compared with the second copy itself (secondCopy). Costs one word where three expected
    // words cost three entries and a second pass; still checked by a re-read when one is needed.
    void comparedFrame(uint64_t frame, bool withInstr) {
        compared_.push(frame | static_cast<uint64_t>(withInstr));
    }
    void setFrameWords(int32_t code, int32_t previous, int32_t instr);
    // The span of those words within a frame: [frameWordsLo, frameWordsHi).
    int32_t frameWordsLo() const { return frameLo_; }
    int32_t frameWordsHi() const { return frameHi_; }
    // Where this sample's call copied part of [address, address+size) a second time (after the
    // first copy and the middle): sets `lo` and `size` of that copy and returns its bytes, or
    // nullptr. Only a real second copy counts, never the one copy of a range copied once.
    const uint8_t* secondCopy(uint64_t address, size_t size, uint64_t& lo, size_t& copied) const;
    // Ends the sample: the noted ranges become the next sample's plan.
    void end();
    // Checks every expected word against a copy made after the one the walk used (the second copy
    // of begin()'s call, else a re-read now): a stack whose links moved while it was being read is
    // Torn, never reported. Call after end().
    Result<void> verify();
    // Forgets the plan.
    void reset();
    // Ends a sample whose walk found the target's memory inconsistent: its notes are dropped and
    // the plan stays the last one made from a consistent walk.
    void abandon() { notes_.clear(); }
    // Off: always verify by a separate re-read after the walk (how every sample was verified before
    // the second copy joined the prefetch call; for benchmarks comparing the two).
    void setInlineVerification(bool on) { inlineVerification_ = on; }
    // On: with a middle, the first copies of the ranges copied twice follow the order in which the
    // walk first read them, and their second copies the opposite order (see the header). For
    // frames linked one by one (≤3.10).
    void setWalkOrder(bool on) {
        walkOrder_ = on;
        layout_ = {};
    }

    size_t plannedRanges() const { return planned_.size(); }
    size_t plannedBytes() const { return bytes_.size(); }
    // Samples verified from begin()'s second copy / by a separate re-read (for tests, benchmarks).
    uint64_t verifiedInline() const { return verifiedInline_; }
    uint64_t verifiedByReread() const { return verifiedByReread_; }

    struct Range {
        uint64_t address;
        size_t size;
        bool operator==(const Range&) const = default;
    };
    struct Loaded {
        uint64_t address;
        size_t size;
        size_t offset;      // in bytes_
        bool again = false; // a second copy (in the list of second copies, not a range copied once)
    };
    const uint8_t* lookup(uint64_t address, size_t size) {
        return lookupIn(loaded_, lastHit_, address, size);
    }
    const uint8_t* lookupIn(const std::vector<Loaded>& in, size_t& hint, uint64_t address,
                            size_t size) const;
    // Reads planned_ (forwards or backwards) into loaded_ and, when `withReread`, rereadPlan_
    // backwards into reread_, all in one call.
    Result<void> load(bool backwards, bool withReread);
    // ops_, bytes_ and the Loaded lists of a call in which every op succeeds, for this plan.
    void layOut(bool backwards, bool withReread);
    // The Loaded lists (sorted) for the ops of ops_ that were read.
    void collect(const std::vector<size_t>& done, std::vector<Loaded>& first,
                 std::vector<Loaded>& second) const;
    struct Layout {
        uint64_t plan = UINT64_MAX, reread = 0;
        bool backwards = false, withReread = false;
        bool operator==(const Layout&) const = default;
    };
    Layout layout_;
    // Ops [0, layoutFirstCopy_) are first copies (and ranges copied once), then the second copies
    // up to layoutSecondEnd_, then the ranges with no checked word.
    size_t layoutFirstCopy_ = 0, layoutSecondEnd_ = 0;
    // Per op of ops_: a first copy, a range copied once (checked against that copy) or a second.
    static constexpr uint8_t kFirstCopy = 1, kSecondCopy = 2, kCopiedOnce = 3;
    std::vector<uint8_t> opRole_;
    std::vector<Loaded> allLoaded_, allReread_;
    std::vector<size_t> opsDone_;
    uint64_t rereadVersion_ = 0;
    enum class Check { Same, Changed, Missing };
    Check checkExpected(const std::vector<Loaded>& in);
    void planReread(); // rereadPlan_: the planned ranges holding this sample's expected words
    const process::ProcessMemory& memory_;
    std::vector<Range> notes_, lastNotes_;
    std::vector<Range> planned_;    // merged, sorted
    std::vector<size_t> firstNote_; // per planned range: the walk's first note in it (its order)
    std::vector<size_t> rereadOf_;  // per planned range: its entry in rereadPlan_, or SIZE_MAX
    bool walkOrder_ = false;
    std::vector<uint8_t> bytes_;
    std::vector<Loaded> loaded_;    // the planned ranges read in this sample, sorted
    std::vector<Range> rereadPlan_; // sorted; the spans of verified words, the middle's excepted
    size_t middle_ = SIZE_MAX;      // the planned range copied once, as the verification's instant
    std::vector<uint64_t> spanLo_, spanHi_, movingLo_, movingHi_;
    // Bytes from a planned range's first to last moving checked word; 0 when none moves.
    uint64_t movingSpan(size_t range) const {
        return movingHi_[range] ? movingHi_[range] - movingLo_[range] : 0;
    }
    std::vector<size_t> copyOrder_; // layOut's scratch
    std::vector<size_t> expectedRange_;
    enum class CopyKind : uint8_t { None, Double, Single, Middle, Instant };
    std::vector<CopyKind> copyKind_;
    size_t plannedIndex(uint64_t address, size_t hint) const;
    std::vector<Loaded> reread_; // rereadPlan_ as copied after loaded_, sorted
    uint64_t syscallsAfterBegin_ = 0;
    uint64_t planSerial_ = 0, rereadPlanSerial_ = UINT64_MAX;
    uint64_t verifiedInline_ = 0, verifiedByReread_ = 0;
    bool inlineVerification_ = true;
    std::vector<process::ReadOp> ops_;
    enum class WordCheck : uint8_t { Equal, Once, Positive };
    struct Expected {
        uint64_t address;
        uint64_t value;
        WordCheck check;
    };
    // The words a sample relies on, appended hundreds of times a sample: kept inline (a
    // vector's push_back was not, and cost a tenth of the sampler's own time).
    template <typename T>
    class AppendList {
      public:
        template <typename... Args>
        void push(Args... args) {
            if (size_ == items_.size()) items_.resize(items_.size() * 2 + 64);
            items_[size_++] = T{args...};
        }
        void clear() { size_ = 0; }
        size_t size() const { return size_; }
        bool empty() const { return size_ == 0; }
        const T& operator[](size_t i) const { return items_[i]; }
        const T* begin() const { return items_.data(); }
        const T* end() const { return items_.data() + size_; }

      private:
        std::vector<T> items_;
        size_t size_ = 0;
    };
    AppendList<Expected> expected_;
    AppendList<uint64_t> compared_; // comparedFrame: frame address | withInstr
    int32_t frameCode_ = 0, framePrevious_ = 0, frameInstr_ = 0, frameLo_ = 0, frameHi_ = 0;
    // The compared frames' words as expected words (from the first copy), before it is overwritten.
    bool expandCompared();
    // planReread's span bookkeeping for one moving or `once` word range.
    void spanAdd(size_t range, uint64_t lo, uint64_t hi, bool once);
    size_t lastHit_ = 0;
    // A steady walk asks find() for the same ranges in the same order every sample: the answers of
    // the first sample of a layout whose call read everything are kept, and the k-th find of a
    // later one is a compare instead of a search.
    struct Recalled {
        uint64_t address;
        size_t size;
        const uint8_t* bytes;
    };
    std::vector<Recalled> recalled_;
    size_t findCount_ = 0;
    uint64_t layoutVersion_ = 0, recallVersion_ = UINT64_MAX;
    bool fullLoad_ = false;
};

} // namespace spyglass::cpython
