#include "core/cpython/prefetcher.h"

#include <algorithm>
#include <cstring>

namespace spyglass::cpython {

namespace {

// An iovec costs about 0.45 µs in process_vm_readv here (the kernel pins and unpins its pages one
// range at a time), a KB of copying about 0.07 µs: a gap is worth reading to save an iovec as long
// as no page in it is one neither range touches (such a page may be unmapped, and an unreadable
// byte would fail the whole merged range).
constexpr uint64_t kPage = 4096;
constexpr size_t kMaxPlanBytes = 4 << 20; // a plan bigger than this is cut
constexpr size_t kMaxPlanRanges = 1024;   // IOV_MAX: one syscall

// Overlapping, or starting on the page the last range ends on or the one after it.
bool mergeable(uint64_t lastEnd, uint64_t nextStart) {
    return nextStart / kPage <= (lastEnd - 1) / kPage + 1;
}

} // namespace

Result<void> Prefetcher::begin() {
    expected_.clear();
    compared_.clear();
    auto r = load(false, inlineVerification_);
    syscallsAfterBegin_ = memory_.syscalls();
    findCount_ = 0;
    const bool full = r && fullLoad_;
    if (!full || recallVersion_ != layoutVersion_) {
        recalled_.clear();
        recallVersion_ = full ? layoutVersion_ : UINT64_MAX;
    }
    return r;
}

Result<void> Prefetcher::load(bool backwards, bool withReread) {
    loaded_.clear();
    reread_.clear();
    lastHit_ = 0;
    fullLoad_ = false;
    if (planned_.empty()) return {};
    const Layout key{planSerial_, withReread ? rereadVersion_ : 0, backwards, withReread};
    // A steady program keeps its plan: the iovecs and where each copy lands are laid out once.
    if (!(key == layout_)) {
        layout_ = key;
        layOut(backwards, withReread);
    }
    auto done = memory_.readPrefix(ops_);
    if (!done) return done.error();
    if (*done == ops_.size()) {
        fullLoad_ = true;
        loaded_ = allLoaded_;
        reread_ = allReread_;
        return {};
    }
    // A range that became unreadable (freed memory) stops the kernel's copy; skip it and go on,
    // a few times at most.
    opsDone_.clear();
    size_t start = 0;
    for (int attempt = 0;;) {
        for (size_t i = start; i < start + *done; ++i)
            opsDone_.push_back(i);
        start += *done + 1;
        if (++attempt == 4 || start >= ops_.size()) break;
        done = memory_.readPrefix(std::span(ops_).subspan(start));
        if (!done) return done.error();
    }
    collect(opsDone_, loaded_, reread_);
    return {};
}

void Prefetcher::layOut(bool backwards, bool withReread) {
    const size_t n = planned_.size();
    const size_t m = withReread ? std::min(rereadPlan_.size(), kMaxPlanRanges - n) : 0;
    ++layoutVersion_;
    // The middle goes first, single ranges after the other first copies (see the header);
    // without them every checked range is copied twice.
    const bool ordered = withReread && rereadPlanSerial_ == planSerial_ && copyKind_.size() == n;
    auto once = [&](size_t k) {
        return ordered && (copyKind_[k] == CopyKind::Single || copyKind_[k] == CopyKind::Middle);
    };
    // Instants keep their place among the first copies (see planReread) but, like the middle and
    // single ranges, have no second copy: collect() checks their words against their one copy.
    auto instant = [&](size_t k) { return ordered && copyKind_[k] == CopyKind::Instant; };
    size_t total = 0;
    for (const Range& r : planned_)
        total += r.size;
    for (size_t i = 0; i < m; ++i)
        total += rereadPlan_[i].size;
    bytes_.resize(total);
    ops_.resize(n + m);
    opRole_.assign(n + m, kFirstCopy);
    size_t offset = 0, op = 0;
    auto add = [&](const Range& r, uint8_t role) {
        opRole_[op] = role;
        ops_[op++] = {r.address, bytes_.data() + offset, r.size};
        offset += r.size;
    };
    // The middle first, before this call touches anything else of the target (see the header).
    const bool hasMiddle = ordered && middle_ < n;
    if (hasMiddle) add(planned_[middle_], kCopiedOnce);
    // Ranges with no checked word (code objects' identity, the GIL word) go after the second
    // copies (3.11+): there they do not widen the window every checked word must hold over.
    auto late = [&](size_t k) { return ordered && !walkOrder_ && copyKind_[k] == CopyKind::None; };
    copyOrder_.clear();
    for (size_t i = 0; i < n; ++i) {
        const size_t k = backwards ? n - 1 - i : i;
        if (!once(k) && !late(k)) copyOrder_.push_back(k);
    }
    // Right after it (and the instants), the ranges whose moving words span the most (a data-stack
    // chunk): the current frame of the instant may return soon after it, and a copy made later
    // would hold its slot's end instead (in a program of 0.25 µs calls, a third of the samples).
    // Without a middle the walk starts from a word copied among the first copies, and frames
    // copied before it could predate its frame: keep the address order there.
    if (hasMiddle && walkOrder_)
        std::stable_sort(copyOrder_.begin(), copyOrder_.end(), [&](size_t a, size_t b) {
            const bool doubleA = copyKind_[a] == CopyKind::Double;
            if (doubleA != (copyKind_[b] == CopyKind::Double)) return doubleA;
            return doubleA && firstNote_[a] < firstNote_[b];
        });
    else if (hasMiddle)
        std::stable_sort(copyOrder_.begin(), copyOrder_.end(), [&](size_t a, size_t b) {
            // Instants (one word each) first: then nothing is copied between a chunk's two
            // copies but other ranges' second copies.
            const bool instantA = copyKind_[a] == CopyKind::Instant;
            if (instantA != (copyKind_[b] == CopyKind::Instant)) return instantA;
            return movingSpan(a) > movingSpan(b);
        });
    for (size_t k : copyOrder_)
        add(planned_[k], instant(k) ? kCopiedOnce : kFirstCopy);
    for (size_t k = 0; k < n; ++k)
        if (once(k) && copyKind_[k] == CopyKind::Single) add(planned_[k], kCopiedOnce);
    layoutFirstCopy_ = op;
    // The second copy in the opposite order (see the header).
    if (hasMiddle && walkOrder_) {
        size_t added = 0;
        for (size_t i = copyOrder_.size(); i-- > 0 && added < m;)
            if (const size_t k = rereadOf_[copyOrder_[i]]; k != SIZE_MAX) {
                add(rereadPlan_[k], kSecondCopy);
                ++added;
            }
    } else {
        for (size_t i = 0; i < m; ++i)
            add(rereadPlan_[m - 1 - i], kSecondCopy);
    }
    layoutSecondEnd_ = op;
    for (size_t k = 0; k < n; ++k)
        if (late(k)) add(planned_[k], kFirstCopy);
    ops_.resize(op);
    opRole_.resize(op);
    opsDone_.resize(ops_.size());
    for (size_t i = 0; i < ops_.size(); ++i)
        opsDone_[i] = i;
    collect(opsDone_, allLoaded_, allReread_);
}

void Prefetcher::collect(const std::vector<size_t>& done, std::vector<Loaded>& first,
                         std::vector<Loaded>& second) const {
    first.clear();
    second.clear();
    for (size_t i : done) {
        Loaded l{ops_[i].address, ops_[i].size,
                 static_cast<size_t>(static_cast<uint8_t*>(ops_[i].into) - bytes_.data())};
        if (opRole_[i] != kSecondCopy) first.push_back(l);
        // Ranges copied once are checked against their one copy.
        l.again = opRole_[i] == kSecondCopy;
        if (opRole_[i] != kFirstCopy) second.push_back(l);
    }
    auto byAddress = [](const Loaded& a, const Loaded& b) { return a.address < b.address; };
    std::sort(first.begin(), first.end(), byAddress);
    std::sort(second.begin(), second.end(), byAddress);
}

void Prefetcher::setFrameWords(int32_t code, int32_t previous, int32_t instr) {
    frameCode_ = code;
    framePrevious_ = previous;
    frameInstr_ = instr;
    frameLo_ = std::min({code, previous, instr});
    frameHi_ = std::max({code, previous, instr}) + 8;
}

const uint8_t* Prefetcher::secondCopy(uint64_t address, size_t size, uint64_t& lo,
                                      size_t& copied) const {
    // The last second copy starting before the end of the range; at most one per planned range.
    auto it = std::upper_bound(reread_.begin(), reread_.end(), address + size - 1,
                               [](uint64_t a, const Loaded& l) { return a < l.address; });
    if (it == reread_.begin()) return nullptr;
    --it;
    if (!it->again || it->address + it->size <= address) return nullptr;
    lo = it->address;
    copied = it->size;
    return bytes_.data() + it->offset;
}

bool Prefetcher::expandCompared() {
    size_t hint = 0;
    for (uint64_t c : compared_) {
        const uint64_t frame = c & ~uint64_t{7};
        const uint8_t* p = lookupIn(loaded_, hint, frame + frameLo_, size_t(frameHi_ - frameLo_));
        if (!p) return false;
        auto word = [&](int32_t offset) {
            uint64_t v;
            std::memcpy(&v, p + (offset - frameLo_), 8);
            expected_.push(frame + offset, v, WordCheck::Equal);
        };
        word(framePrevious_);
        word(frameCode_);
        if (c & 1) word(frameInstr_);
    }
    compared_.clear();
    return true;
}

const uint8_t* Prefetcher::find(uint64_t address, size_t size) {
    note(address, size);
    if (findCount_ < recalled_.size()) {
        const Recalled& r = recalled_[findCount_];
        if (r.address == address && r.size == size) {
            ++findCount_;
            return r.bytes;
        }
        recalled_.resize(findCount_); // the walk went another way: remember it from here
    }
    const uint8_t* p = lookup(address, size);
    if (recallVersion_ == layoutVersion_ && findCount_ == recalled_.size()) {
        recalled_.push_back({address, size, p});
        ++findCount_;
    }
    return p;
}

const uint8_t* Prefetcher::lookupIn(const std::vector<Loaded>& in, size_t& hint, uint64_t address,
                                    size_t size) const {
    if (in.empty()) return nullptr;
    // No address + size: a torn pointer near 2^64 would wrap around and look inside.
    auto inside = [&](const Loaded& l) {
        return address >= l.address && size <= l.size && address - l.address <= l.size - size;
    };
    if (hint < in.size() && inside(in[hint]))
        return bytes_.data() + in[hint].offset + (address - in[hint].address);
    auto it = std::upper_bound(in.begin(), in.end(), address,
                               [](uint64_t a, const Loaded& l) { return a < l.address; });
    if (it == in.begin()) return nullptr;
    --it;
    if (!inside(*it)) return nullptr;
    hint = static_cast<size_t>(it - in.begin());
    return bytes_.data() + it->offset + (address - it->address);
}

Result<void> Prefetcher::read(uint64_t address, void* into, size_t size) {
    if (const uint8_t* p = find(address, size)) {
        std::memcpy(into, p, size);
        return {};
    }
    return memory_.read(address, into, size);
}

void Prefetcher::end() {
    // A steady program needs the same ranges every sample: keep the plan as it is.
    if (notes_ == lastNotes_) {
        notes_.clear();
        return;
    }
    ++planSerial_;
    lastNotes_ = notes_;
    std::sort(notes_.begin(), notes_.end(),
              [](const Range& a, const Range& b) { return a.address < b.address; });
    planned_.clear();
    size_t total = 0;
    for (const Range& r : notes_) {
        if (r.size == 0) continue;
        if (!planned_.empty() &&
            mergeable(planned_.back().address + planned_.back().size, r.address)) {
            Range& last = planned_.back();
            const uint64_t end = std::max(last.address + last.size, r.address + r.size);
            total += end - (last.address + last.size);
            last.size = end - last.address;
        } else {
            if (planned_.size() == kMaxPlanRanges) break;
            planned_.push_back(r);
            total += r.size;
        }
        if (total > kMaxPlanBytes) break;
    }
    notes_.clear();
    firstNote_.assign(planned_.size(), SIZE_MAX);
    size_t hint = 0;
    for (size_t j = 0; j < lastNotes_.size(); ++j) {
        hint = plannedIndex(lastNotes_[j].address, hint);
        if (hint == SIZE_MAX) {
            hint = 0;
            continue;
        }
        firstNote_[hint] = std::min(firstNote_[hint], j);
    }
}

Prefetcher::Check Prefetcher::checkExpected(const std::vector<Loaded>& in) {
    size_t hint = 0;
    Check result = Check::Same;
    // Consecutive words mostly lie in the same range (a stack's frames in one chunk): test that
    // range first, inline, before a lookup.
    uint64_t lo = 1, span = 0;
    const uint8_t* base = nullptr;
    for (const Expected& e : expected_) {
        const uint8_t* p = nullptr;
        if (e.address - lo <= span && base) {
            p = base + (e.address - lo);
        } else if ((p = lookupIn(in, hint, e.address, 8))) {
            lo = in[hint].address;
            span = in[hint].size - 8; // lookupIn found 8 bytes inside: size >= 8
            base = bytes_.data() + in[hint].offset;
        } else {
            result = Check::Missing;
            continue;
        }
        uint64_t now = 0;
        std::memcpy(&now, p, 8);
        if (e.check == WordCheck::Positive ? static_cast<int64_t>(now) <= 0 : now != e.value)
            return Check::Changed;
    }
    return result;
}

size_t Prefetcher::plannedIndex(uint64_t address, size_t hint) const {
    if (hint < planned_.size() && address >= planned_[hint].address &&
        address - planned_[hint].address < planned_[hint].size)
        return hint;
    auto it = std::upper_bound(planned_.begin(), planned_.end(), address,
                               [](uint64_t a, const Range& r) { return a < r.address; });
    if (it == planned_.begin()) return SIZE_MAX;
    --it;
    if (address - it->address >= it->size) return SIZE_MAX;
    return static_cast<size_t>(it - planned_.begin());
}

void Prefetcher::planReread() {
    if (rereadPlanSerial_ == planSerial_) return;
    rereadPlanSerial_ = planSerial_;
    ++rereadVersion_;
    rereadPlan_.clear();
    middle_ = SIZE_MAX;
    const size_t n = planned_.size();
    // Per planned range, the span of its checked words (only that is copied a second time) and
    // the span of those that move (not `once`).
    spanLo_.assign(n, UINT64_MAX);
    spanHi_.assign(n, 0);
    movingLo_.assign(n, UINT64_MAX);
    movingHi_.assign(n, 0);
    expectedRange_.resize(expected_.size());
    size_t last = SIZE_MAX;
    // expected_ follows the walk, mostly in address order within a stack: one search each.
    for (size_t k = 0; k < expected_.size(); ++k) {
        const Expected& e = expected_[k];
        last = expectedRange_[k] = plannedIndex(e.address, last);
        if (last != SIZE_MAX) spanAdd(last, e.address, e.address + 8, e.check == WordCheck::Once);
    }
    // Compared frames: their words move. Their links need no pass below: they lie in a range
    // with at least two moving words, copied twice.
    for (uint64_t c : compared_) {
        const uint64_t frame = c & ~uint64_t{7};
        last = plannedIndex(frame + frameLo_, last);
        if (last != SIZE_MAX) spanAdd(last, frame + frameLo_, frame + frameHi_, false);
    }
    // How each range is copied: Double (before and after the instant), Single (a range of `once`
    // words, copied once after the other first copies) or the middle (copied once, first: the
    // instant).
    copyKind_.assign(n, CopyKind::None);
    for (size_t i = 0; i < n; ++i) {
        if (!spanHi_[i]) continue;
        copyKind_[i] = movingHi_[i] ? CopyKind::Double : CopyKind::Single;
        // A range with one aligned moving word can be the middle: that word's one copy is atomic.
        if (movingHi_[i] - movingLo_[i] == 8 && movingLo_[i] % 8 == 0) {
            if (middle_ != SIZE_MAX) copyKind_[middle_] = CopyKind::Instant;
            middle_ = i;
            copyKind_[i] = CopyKind::Instant;
        }
    }
    if (middle_ != SIZE_MAX) copyKind_[middle_] = CopyKind::Middle;
    // A `once` word holds for the life of its structure; the structure is alive over the whole
    // window only when every checked link to it is copied before and after. A link from anywhere
    // else (the middle, another single range) makes the target a Double range; a single range
    // linking into the middle becomes one too. One pass does: a range only ever turns Double, and
    // a link from or into a Double range is always sound.
    for (size_t k = 0; k < expected_.size(); ++k) {
        const size_t from = expectedRange_[k];
        if (from == SIZE_MAX || expected_[k].check == WordCheck::Positive) continue; // not a link
        const size_t to = plannedIndex(expected_[k].value, SIZE_MAX);
        if (to == SIZE_MAX || to == from) continue;
        if (copyKind_[to] == CopyKind::Single && copyKind_[from] != CopyKind::Double)
            copyKind_[to] = CopyKind::Double;
        if ((copyKind_[to] == CopyKind::Middle || copyKind_[to] == CopyKind::Instant) &&
            copyKind_[from] == CopyKind::Single)
            copyKind_[from] = CopyKind::Double;
    }
    rereadOf_.assign(n, SIZE_MAX);
    for (size_t i = 0; i < n; ++i)
        if (copyKind_[i] == CopyKind::Double) {
            rereadOf_[i] = rereadPlan_.size();
            rereadPlan_.push_back({spanLo_[i], static_cast<size_t>(spanHi_[i] - spanLo_[i])});
        }
}

void Prefetcher::spanAdd(size_t range, uint64_t lo, uint64_t hi, bool once) {
    const Range& r = planned_[range];
    // A word that runs past its range stays outside the span, and so is found missing.
    const uint64_t end = std::min(hi, r.address + r.size);
    spanLo_[range] = std::min(spanLo_[range], lo);
    spanHi_[range] = std::max(spanHi_[range], end);
    if (!once) {
        movingLo_[range] = std::min(movingLo_[range], lo);
        movingHi_[range] = std::max(movingHi_[range], end);
    }
}

Result<void> Prefetcher::verify() {
    if (expected_.empty() && compared_.empty()) return {};
    auto torn = [] { return makeError("the stack changed while it was read", ErrorKind::Torn); };
    // Everything the walk used came from begin()'s first copy when no other read was issued: the
    // second copy of that call was made after it.
    Check inline_ = Check::Missing;
    if (memory_.syscalls() == syscallsAfterBegin_ && !reread_.empty()) {
        inline_ = checkExpected(reread_);
        if (inline_ == Check::Changed) {
            // The walk was consistent in the first copy, only not in the second: its addresses
            // still say how the next call is laid out (the middle first). Without this, the call
            // after a torn sample that changed the plan was copied in address order, middle last.
            planReread();
            return torn();
        }
    }
    if (inline_ == Check::Same) {
        ++verifiedInline_;
        planReread(); // only when the plan changed
        return {};
    }
    // The same ranges again, now, copied in the opposite order: memory that changed during the
    // first copy is unlikely to tear the same way twice when the copies run in opposite directions.
    // Frames the walk compared with the second copy are checked again too: the words read after
    // the call held at other moments than that copy's.
    if (!expandCompared()) return torn();
    ++verifiedByReread_;
    rereadPlanSerial_ = UINT64_MAX; // the next sample's second copy should cover these links
    planReread();
    if (auto r = load(true, false); !r) return r;
    if (checkExpected(loaded_) != Check::Same) return torn();
    return {};
}

void Prefetcher::reset() {
    middle_ = SIZE_MAX;
    compared_.clear();
    copyKind_.clear();
    notes_.clear();
    lastNotes_.clear();
    planned_.clear();
    loaded_.clear();
    reread_.clear();
    rereadPlan_.clear();
    ++planSerial_;
    ++rereadVersion_;
}

} // namespace spyglass::cpython
