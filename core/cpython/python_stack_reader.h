#pragma once
// The StackReader for CPython targets: reads every thread's Python stack from outside the process.
#include "core/cpython/code_cache.h"
#include "core/cpython/frame_walker.h"
#include "core/cpython/object_reader.h"
#include "core/cpython/prefetcher.h"
#include "core/cpython/python_binary.h"
#include "core/cpython/python_target.h"
#include "core/cpython/thread_names.h"
#include "core/process/namespace_tids.h"
#include "core/process/process_memory.h"
#include "core/sampling/stack_reader.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace spyglass::cpython {

// One thread's stack before interning: what `dump` and tests look at.
struct RawThread {
    uint64_t threadState = 0;
    uint64_t pythonThreadId = 0;
    uint64_t nativeThreadId = 0;
    bool holdsGil = false;
    std::vector<RawFrame> frames; // innermost first (readRaw only)
    size_t firstFrame = 0;        // where its frames start in the sample's frame list
    size_t frameCount = 0;
};

class PythonStackReader final : public StackReader {
  public:
    static Result<std::unique_ptr<PythonStackReader>> open(int pid);

    Result<void> readStacks(Profile& profile, std::vector<ThreadStack>& out) override;
    std::string pythonVersion() const override { return target_.version.text; }
    int pid() const override { return memory_.pid(); }
    void setLineMode(LineMode mode) override {
        codes_.setFunctionLines(mode == LineMode::Function);
    }

    // Every thread's frames without interning (one consistent read, same checks as readStacks).
    Result<void> readRaw(std::vector<RawThread>& out);
    // The `threading` name of a thread, "" when unknown (re-reads threading._active when needed).
    std::string threadName(uint64_t pythonThreadId);

    const PythonTarget& target() const { return target_; }
    const ObjectReader& objects() const { return objects_; }
    CodeCache& codes() { return codes_; }
    const process::ProcessMemory& memory() const { return memory_; }
    const Prefetcher& prefetcher() const { return prefetch_; }
    const FrameWalker& walker() const { return walker_; }
    // On by default: every stack is re-read once and dropped as Torn when its links moved (see
    // Prefetcher::verify). Off halves the syscalls but lets a torn read through now and then; for
    // benchmarks that measure what the check costs.
    void setVerification(bool on) { verify_ = on; }
    // See Prefetcher::setInlineVerification.
    void setInlineVerification(bool on) { prefetch_.setInlineVerification(on); }

  private:
    PythonStackReader(int pid, PythonBinaries binaries, PythonTarget target);
    Result<void> walkThreads(); // starts a prefetched sample; finishSample() ends it
    // With `trustHead`, stops early with `listChanged` when the list no longer starts at the
    // known head or a `prev` link disagrees with the walk.
    Result<void> walkThreadList(bool trustHead, bool& listChanged);
    Result<void> finishSample(bool consistent); // verifies a consistent walk
    void calibratePthreadTid();
    void tryPthreadTidOffsets(); // one walk, then the offsets that fit every thread

    process::ProcessMemory memory_;
    PythonBinaries binaries_;
    PythonTarget target_;
    ObjectReader objects_;
    CodeCache codes_;
    Prefetcher prefetch_;
    FrameWalker walker_;
    ThreadNames names_;
    process::NamespaceTids tids_;

    // Per-sample scratch, kept to avoid allocations.
    std::vector<RawThread> threads_;
    size_t threadCount_ = 0;
    std::vector<RawFrame> allFrames_;
    std::vector<FrameId> frameIds_;
    std::vector<uint8_t> tstateBytes_;

    bool verify_ = true;
    // The thread list's head as of the last verified sample (3.6+, where `prev` links show any
    // change to the list), and the one this sample walked from.
    uint64_t knownHead_ = 0, pendingHead_ = 0;
    bool headKnown_ = false;
    uint64_t threadSignature_ = 0; // changes when threads come or go (thread names go stale)
    // ≤3.10: offset of the kernel tid inside glibc's struct pthread (what pthread_t points to).
    int32_t pthreadTidOffset_ = -1;
    // 3.7–3.10: kernel tids already read, by thread state address. A thread keeps its tid for
    // life, and the state's unique id tells a new thread in a reused state and pthread apart, so
    // a sample reads the tid only for a thread it has not seen (an iovec less each sample).
    struct KnownTid {
        uint64_t stateId = 0, pthread = 0;
        int32_t tid = 0;
    };
    AddressMap tidIndex_;
    std::vector<KnownTid> knownTids_;
    Result<int32_t> nativeThreadIdOf(const ThreadStateView& view);
};

} // namespace spyglass::cpython
