// The order of the prefetch call's iovecs (Prefetcher::layOut), read from this test's own memory:
// the middle (the one moving word a walk starts from) goes first, before the call copies anything
// else of the target, then the ranges whose moving words span the most; without a middle the first
// copies keep their address order. Why: docs/BENCHMARKS.md, "Fifth round".
#include "core/cpython/prefetcher.h"
#include "core/process/process_memory.h"
#include "own_pages.h"

#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace spyglass;
using namespace spyglass::cpython;

namespace {

using Pages = test::OwnPages;

// One sample: a cold range with no checked word (lowest address), a "chunk" of four frames with
// three moving words each, and, with `withMiddle`, a word holding the current frame on its own
// page (highest address): the only moving word of its range. With `withLink`, a range below the
// chunk whose only moving word is a link to the middle's structure (a thread state's `cframe`).
void sample(Prefetcher& p, const Pages& pages, bool withMiddle, bool withLink = false) {
    ASSERT_TRUE(p.begin().ok());
    uint8_t cold[64];
    ASSERT_TRUE(p.read(pages.at(0), cold, sizeof cold).ok());
    if (withLink) {
        uint8_t state[64];
        ASSERT_TRUE(p.read(pages.at(2), state, sizeof state).ok());
        uint64_t link;
        std::memcpy(&link, state + 16, 8);
        p.expect(pages.at(2) + 16, link);
    }
    if (withMiddle) {
        uint64_t current = 0;
        ASSERT_TRUE(p.read(pages.at(10), &current, 8).ok());
        p.expect(pages.at(10), current);
    }
    uint8_t chunk[256];
    ASSERT_TRUE(p.read(pages.at(5), chunk, sizeof chunk).ok());
    for (uint64_t offset = 0; offset < sizeof chunk; offset += 64)
        for (uint64_t word = 0; word < 24; word += 8) {
            uint64_t v;
            std::memcpy(&v, chunk + offset + word, 8);
            p.expect(pages.at(5) + offset + word, v);
        }
    p.end();
    ASSERT_TRUE(p.verify().ok());
}

std::vector<uint64_t> firstCopies(const Prefetcher& p) {
    std::vector<uint64_t> order;
    for (size_t i = 0; i < p.layoutFirstCopy_ && i < p.ops_.size(); ++i)
        order.push_back(p.ops_[i].address);
    return order;
}

std::vector<uint64_t> secondCopies(const Prefetcher& p) {
    std::vector<uint64_t> order;
    for (size_t i = p.layoutFirstCopy_; i < p.layoutSecondEnd_ && i < p.ops_.size(); ++i)
        order.push_back(p.ops_[i].address);
    return order;
}

// After the second copies: the ranges with no checked word.
std::vector<uint64_t> lateCopies(const Prefetcher& p) {
    std::vector<uint64_t> order;
    for (size_t i = p.layoutSecondEnd_; i < p.ops_.size(); ++i)
        order.push_back(p.ops_[i].address);
    return order;
}

} // namespace

TEST(CpythonPrefetchOrder, TheMiddleFirstThenTheMostMovingWords) {
    Pages pages;
    ASSERT_TRUE(pages.ok());
    pages.set(pages.at(10), pages.at(5) + 64);
    process::ProcessMemory memory(getpid());
    Prefetcher p(memory);
    for (int i = 0; i < 4; ++i)
        sample(p, pages, true);
    EXPECT_GE(p.verifiedInline(), 1u) << "the plan never settled";
    // Address order would be cold, chunk, middle; the middle was last of the first copies before.
    // The cold range, with no checked word, comes after the second copies: among the first copies
    // it would widen the window the chunk's words must hold over.
    EXPECT_EQ(firstCopies(p), (std::vector<uint64_t>{pages.at(10), pages.at(5)}));
    EXPECT_EQ(lateCopies(p), (std::vector<uint64_t>{pages.at(0)}));
    // The middle is still a range copied once: it has no second copy.
    for (uint64_t address : secondCopies(p))
        EXPECT_NE(address, pages.at(10));
}

TEST(CpythonPrefetchOrder, WithoutAMiddleTheAddressOrderStays) {
    Pages pages;
    ASSERT_TRUE(pages.ok());
    process::ProcessMemory memory(getpid());
    Prefetcher p(memory);
    for (int i = 0; i < 4; ++i)
        sample(p, pages, false);
    EXPECT_EQ(firstCopies(p), (std::vector<uint64_t>{pages.at(5)}));
    EXPECT_EQ(lateCopies(p), (std::vector<uint64_t>{pages.at(0)}));
}

// A second range with one moving word (a thread state's link to the C frame whose current-frame
// word is the middle) is copied once too, in its place among the first copies: its one word is
// copied atomically, and a second copy of it would cost an iovec (0.45 µs) for a word whose
// change the frames' own two copies already catch.
TEST(CpythonPrefetchOrder, AnotherOneWordRangeIsCopiedOnce) {
    Pages pages;
    ASSERT_TRUE(pages.ok());
    pages.set(pages.at(10), pages.at(5) + 64);
    pages.set(pages.at(2) + 16, pages.at(10));
    process::ProcessMemory memory(getpid());
    Prefetcher p(memory);
    for (int i = 0; i < 4; ++i)
        sample(p, pages, true, true);
    EXPECT_GE(p.verifiedInline(), 1u) << "the plan never settled";
    // Right after the middle: then only second copies lie between the chunk's two copies.
    EXPECT_EQ(firstCopies(p), (std::vector<uint64_t>{pages.at(10), pages.at(2), pages.at(5)}));
    EXPECT_EQ(lateCopies(p), (std::vector<uint64_t>{pages.at(0)}));
    for (uint64_t address : secondCopies(p)) {
        EXPECT_NE(address, pages.at(10));
        EXPECT_NE(address, pages.at(2) + 16) << "the link was copied twice";
    }
    // Its word is still checked: against its one copy, so a change between samples is seen by
    // the walk that reads it, and the sample verifies inline.
    const uint64_t inlineBefore = p.verifiedInline();
    sample(p, pages, true, true);
    EXPECT_EQ(p.verifiedInline(), inlineBefore + 1);
}

// Frames linked one by one (≤3.10): after the middle, the ranges copied twice in the order the walk
// first read them (the current frame, then its callers outwards), a range with no checked word
// after them, and the second copies in the opposite order, so the callers nearest the current
// frame are copied nearest the middle's instant, and the cold range stays among the first copies.
// Without it (3.11+), the address order stays (the three frames' moving words span alike) and the
// cold range goes after the second copies.
TEST(CpythonPrefetchOrder, WalkOrderPutsTheCallersNearestTheCurrentFrameFirst) {
    for (bool walkOrder : {true, false}) {
        Pages pages;
        ASSERT_TRUE(pages.ok());
        const size_t chain[] = {7, 3, 12}; // the current frame's page, its caller's, theirs
        pages.set(pages.at(10), pages.at(7));
        process::ProcessMemory memory(getpid());
        Prefetcher p(memory);
        p.setWalkOrder(walkOrder);
        for (int i = 0; i < 4; ++i) {
            ASSERT_TRUE(p.begin().ok());
            uint64_t current = 0;
            ASSERT_TRUE(p.read(pages.at(10), &current, 8).ok());
            p.expect(pages.at(10), current);
            for (size_t page : chain) {
                uint8_t frame[48];
                ASSERT_TRUE(p.read(pages.at(page), frame, sizeof frame).ok());
                for (uint64_t word : {24, 32, 40}) {
                    uint64_t v;
                    std::memcpy(&v, frame + word, 8);
                    p.expect(pages.at(page) + word, v);
                }
            }
            uint8_t cold[64];
            ASSERT_TRUE(p.read(pages.at(0), cold, sizeof cold).ok());
            p.end();
            ASSERT_TRUE(p.verify().ok());
        }
        EXPECT_GE(p.verifiedInline(), 1u) << "the plan never settled";
        const std::vector<uint64_t> second = secondCopies(p);
        if (walkOrder) {
            EXPECT_EQ(firstCopies(p), (std::vector<uint64_t>{pages.at(10), pages.at(7), pages.at(3),
                                                             pages.at(12), pages.at(0)}));
            EXPECT_TRUE(lateCopies(p).empty());
            EXPECT_EQ(second, (std::vector<uint64_t>{pages.at(12) + 24, pages.at(3) + 24,
                                                     pages.at(7) + 24}));
        } else {
            EXPECT_EQ(firstCopies(p), (std::vector<uint64_t>{pages.at(10), pages.at(3), pages.at(7),
                                                             pages.at(12)}));
            EXPECT_EQ(lateCopies(p), (std::vector<uint64_t>{pages.at(0)}));
            EXPECT_EQ(second, (std::vector<uint64_t>{pages.at(12) + 24, pages.at(7) + 24,
                                                     pages.at(3) + 24}));
        }
    }
}
