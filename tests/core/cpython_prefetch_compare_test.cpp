// Frames the walker compares with the prefetch call's second copy itself (Prefetcher::
// comparedFrame), read from this test's own memory with process_vm_readv: they are verified like
// expected words, also when the sample ends up verified by a re-read because it read more after
// the call.
#include "core/cpython/prefetcher.h"
#include "core/process/process_memory.h"

#include <array>
#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace spyglass;
using namespace spyglass::cpython;

namespace {

constexpr int32_t kCode = 0, kPrevious = 8, kInstr = 16;
constexpr size_t kFrameBytes = 64, kFrames = 4;

// A fake data-stack chunk: frames back to back, each linked to the one below.
struct Chunk {
    alignas(64) std::array<uint8_t, kFrameBytes * kFrames> bytes{};
    uint64_t address() const { return reinterpret_cast<uint64_t>(bytes.data()); }
    uint64_t frame(size_t i) const { return address() + i * kFrameBytes; }
    void set(size_t i, int32_t offset, uint64_t v) {
        std::memcpy(bytes.data() + i * kFrameBytes + offset, &v, 8);
    }
    uint64_t get(const uint8_t* copy, size_t i, int32_t offset) const {
        uint64_t v;
        std::memcpy(&v, copy + i * kFrameBytes + offset, 8);
        return v;
    }
};

class Walk {
  public:
    Walk(Prefetcher& p, Chunk& c) : p_(p), c_(c) {}
    // One sample as the frame walker does it: frames from the first copy, compared with the
    // second where there is one. Returns how many frames were compared.
    size_t run() {
        EXPECT_TRUE(p_.begin().ok());
        const uint8_t* first = p_.find(c_.address(), c_.bytes.size());
        std::vector<uint8_t> direct(c_.bytes.size());
        if (!first) {
            std::memcpy(direct.data(), c_.bytes.data(), direct.size());
            first = direct.data();
        }
        uint64_t lo = 0;
        size_t copied = 0;
        const uint8_t* again = first == direct.data()
                                   ? nullptr
                                   : p_.secondCopy(c_.address(), c_.bytes.size(), lo, copied);
        size_t compared = 0;
        for (size_t i = kFrames; i-- > 0;) {
            const uint64_t frame = c_.frame(i);
            const bool withInstr = i + 1 < kFrames;
            if (again && frame >= lo && frame + kInstr + 8 <= lo + copied) {
                const uint8_t* b = again + (frame - lo);
                for (int32_t at : {kCode, kPrevious, kInstr}) {
                    uint64_t v;
                    std::memcpy(&v, b + at, 8);
                    EXPECT_EQ(v, c_.get(first, i, at));
                }
                p_.comparedFrame(frame, withInstr);
                ++compared;
            } else {
                p_.expect(frame + kCode, c_.get(first, i, kCode));
                p_.expect(frame + kPrevious, c_.get(first, i, kPrevious));
                if (withInstr) p_.expect(frame + kInstr, c_.get(first, i, kInstr));
            }
        }
        p_.end();
        return compared;
    }

  private:
    Prefetcher& p_;
    Chunk& c_;
};

} // namespace

TEST(CpythonPrefetchCompare, ComparedFramesAreVerifiedInlineAndByReread) {
    auto chunk = std::make_unique<Chunk>();
    for (size_t i = 0; i < kFrames; ++i) {
        chunk->set(i, kCode, 0x1000 + i);
        chunk->set(i, kPrevious, i ? chunk->frame(i - 1) : 0);
        chunk->set(i, kInstr, 0x2000 + i);
    }
    process::ProcessMemory memory(getpid());
    Prefetcher prefetch(memory);
    prefetch.setFrameWords(kCode, kPrevious, kInstr);
    Walk walk(prefetch, *chunk);

    // First sample: nothing planned, so nothing compared; verified by a re-read.
    EXPECT_EQ(walk.run(), 0u);
    ASSERT_TRUE(prefetch.verify().ok());
    EXPECT_EQ(prefetch.verifiedByReread(), 1u);
    // The plan now copies the chunk's checked words twice: every frame is compared in the walk but
    // the innermost, whose instruction pointer is no checked word and so lies past that copy.
    EXPECT_EQ(walk.run(), kFrames - 1);
    ASSERT_TRUE(prefetch.verify().ok());
    EXPECT_EQ(prefetch.verifiedInline(), 1u);

    // A sample that read more after the call is verified by a re-read, and the compared frames
    // are part of it: a caller's instruction pointer that moved since is caught.
    EXPECT_EQ(walk.run(), kFrames - 1);
    uint64_t unrelated = 0;
    ASSERT_TRUE(memory.read(reinterpret_cast<uint64_t>(&chunk->bytes[8]), &unrelated, 8).ok());
    chunk->set(1, kInstr, 0x3001);
    auto verified = prefetch.verify();
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(verified.error().kind, ErrorKind::Torn);

    // The innermost frame's instruction pointer is no checked word: its move is no tear.
    prefetch.reset();
    (void)walk.run();
    (void)prefetch.verify();
    EXPECT_EQ(walk.run(), kFrames - 1);
    (void)memory.read(reinterpret_cast<uint64_t>(&chunk->bytes[8]), &unrelated, 8);
    chunk->set(kFrames - 1, kInstr, 0x4000);
    EXPECT_TRUE(prefetch.verify().ok());
}
