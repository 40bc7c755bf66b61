// Prefetcher::expectLive, read from this test's own memory: a ≤3.10 frame that returned keeps its
// caller and code links (its code object keeps it as a zombie for the next call), so a walk that
// read it alive and a later copy that finds the same links would pass it; only its reference count,
// checked to be still positive in the later copy, says it died in between.
#include "core/cpython/prefetcher.h"
#include "core/process/process_memory.h"
#include "own_pages.h"

#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace spyglass;
using namespace spyglass::cpython;

namespace {

// A "frame" on a page of its own: reference count at 0, caller link at 24, code at 32 (the ≤3.10
// PyFrameObject's order).
struct Frame {
    test::OwnPages page{1};
    Frame() {
        if (!page.ok()) return;
        set(0, 1);
        set(24, 0x1000);
        set(32, 0x2000);
    }
    uint64_t address() const { return page.at(0); }
    void set(size_t offset, uint64_t v) const { page.set(address() + offset, v); }
};

// A walk of the frame as the legacy walker does it; `between` runs after the walk and before the
// verification copy.
template <typename Between>
Result<void> sample(Prefetcher& p, const Frame& frame, bool live, Between between) {
    if (auto r = p.begin(); !r) return r;
    uint8_t bytes[40];
    if (auto r = p.read(frame.address(), bytes, sizeof bytes); !r) return r;
    uint64_t back, code;
    std::memcpy(&back, bytes + 24, 8);
    std::memcpy(&code, bytes + 32, 8);
    if (live) p.expectLive(frame.address());
    p.expect(frame.address() + 24, back);
    p.expect(frame.address() + 32, code);
    p.end();
    between();
    return p.verify();
}

} // namespace

TEST(CpythonPrefetchLive, AFrameThatDiedWithItsLinksUnchangedIsTorn) {
    Frame frame;
    ASSERT_TRUE(frame.page.ok());
    process::ProcessMemory memory(getpid());
    Prefetcher p(memory);
    // The first sample of a plan reads directly, so it is verified by a re-read after the walk:
    // the frame dies in between, its links left as they were.
    auto r = sample(p, frame, true, [&] { frame.set(0, 0); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Torn);
    // The same death, unchecked: the links alone pass it.
    frame.set(0, 1);
    p.reset();
    EXPECT_TRUE(sample(p, frame, false, [&] { frame.set(0, 0); }).ok());
}

TEST(CpythonPrefetchLive, ALiveFrameWhoseCountMovesStaysVerified) {
    Frame frame;
    ASSERT_TRUE(frame.page.ok());
    process::ProcessMemory memory(getpid());
    Prefetcher p(memory);
    int64_t count = 1;
    for (int i = 0; i < 6; ++i)
        ASSERT_TRUE(sample(p, frame, true, [&] { frame.set(0, uint64_t(++count)); }).ok()) << i;
    // Once the plan settled, the count rides in the call's second copy with the links: the
    // frame's verified span starts at the count.
    EXPECT_GE(p.verifiedInline(), 1u) << "the plan never settled";
    bool spanFromCount = false;
    for (size_t i = p.layoutFirstCopy_; i < p.layoutSecondEnd_; ++i)
        spanFromCount |= p.ops_[i].address == frame.address() && p.ops_[i].size == 40;
    EXPECT_TRUE(spanFromCount);
}
