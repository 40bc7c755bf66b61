#include "core/cpython/prefetcher.h"

#include <algorithm>
#include <cstring>

namespace spyglass::cpython {

namespace {

constexpr size_t kMergeGap = 512;          // bytes of slack worth reading to save an iovec
constexpr size_t kMaxPlanBytes = 4 << 20;  // a plan bigger than this is cut
constexpr size_t kMaxPlanRanges = 1024;    // IOV_MAX: one syscall

} // namespace

Result<void> Prefetcher::begin() {
    expected_.clear();
    return load(false);
}

Result<void> Prefetcher::load(bool backwards) {
    loaded_.clear();
    lastHit_ = 0;
    if (planned_.empty()) return {};
    size_t total = 0;
    for (const Range& r : planned_) total += r.size;
    bytes_.resize(total);
    ops_.resize(planned_.size());
    const size_t n = planned_.size();
    for (size_t i = 0, offset = 0; i < n; ++i) {
        const Range& r = planned_[backwards ? n - 1 - i : i];
        ops_[i] = {r.address, bytes_.data() + offset, r.size};
        offset += r.size;
    }
    // A range that became unreadable (freed memory) stops the kernel's copy; skip it and go on,
    // a few times at most.
    size_t start = 0;
    for (int attempt = 0; attempt < 4 && start < ops_.size(); ++attempt) {
        auto done = memory_.readPrefix(std::span(ops_).subspan(start));
        if (!done) return done.error();
        for (size_t i = start; i < start + *done; ++i)
            loaded_.push_back({ops_[i].address, ops_[i].size,
                               static_cast<size_t>(static_cast<uint8_t*>(ops_[i].into) - bytes_.data())});
        start += *done + 1;
    }
    if (backwards) std::reverse(loaded_.begin(), loaded_.end());
    return {};
}

const uint8_t* Prefetcher::find(uint64_t address, size_t size) {
    note(address, size);
    return lookup(address, size);
}

const uint8_t* Prefetcher::lookup(uint64_t address, size_t size) {
    if (loaded_.empty()) return nullptr;
    // No address + size: a torn pointer near 2^64 would wrap around and look inside.
    auto inside = [&](const Loaded& l) {
        return address >= l.address && size <= l.size && address - l.address <= l.size - size;
    };
    if (lastHit_ < loaded_.size() && inside(loaded_[lastHit_]))
        return bytes_.data() + loaded_[lastHit_].offset + (address - loaded_[lastHit_].address);
    auto it = std::upper_bound(loaded_.begin(), loaded_.end(), address,
                               [](uint64_t a, const Loaded& l) { return a < l.address; });
    if (it == loaded_.begin()) return nullptr;
    --it;
    if (!inside(*it)) return nullptr;
    lastHit_ = static_cast<size_t>(it - loaded_.begin());
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
    lastNotes_ = notes_;
    std::sort(notes_.begin(), notes_.end(), [](const Range& a, const Range& b) { return a.address < b.address; });
    planned_.clear();
    size_t total = 0;
    for (const Range& r : notes_) {
        if (r.size == 0) continue;
        if (!planned_.empty() && r.address <= planned_.back().address + planned_.back().size + kMergeGap) {
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
}

Result<void> Prefetcher::verify() {
    if (expected_.empty()) return {};
    std::vector<Expected> expected;
    expected.swap(expected_);
    // The same ranges again, now, copied in the opposite order: memory that changed during the
    // first copy is unlikely to tear the same way twice when the copies run in opposite directions.
    if (auto r = load(true); !r) return r;
    for (const Expected& e : expected) {
        const uint8_t* p = lookup(e.address, 8);
        uint64_t now = 0;
        if (p) std::memcpy(&now, p, 8);
        if (!p || now != e.value) {
            expected.swap(expected_);
            expected_.clear();
            return makeError("the stack changed while it was read", ErrorKind::Torn);
        }
    }
    expected.clear();
    expected.swap(expected_); // keep the capacity
    return {};
}

void Prefetcher::reset() {
    notes_.clear();
    lastNotes_.clear();
    planned_.clear();
    loaded_.clear();
}

} // namespace spyglass::cpython
