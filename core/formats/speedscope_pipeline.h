#pragma once
// The stacks of a speedscope file's samples, turned into distinct-stack ids on a second thread
// while the first one goes on tokenizing: the parser only copies each sample's frame indices
// into a batch; hashing the stack, finding or adding it among the distinct stacks and storing
// its id happen on the worker. The two halves of a large file's read then overlap (the machines
// this runs on have two cores; wall time is what a user waits for).
//
// Memory stays fixed: a few batches of kBatchWords words circulate between the two threads, and
// the parser waits for a free one when the worker is behind. Small inputs (every test file, every
// fuzz input) never fill a batch, so they start no thread: the last batch is processed inline.
// Ids come out exactly as a synchronous pass gives them, since one worker takes the batches in
// order. The worker fails in one way only, by an exception (out of memory), which reaches the
// parser at its next hand-over or at finish(); a parser error or exception stops and joins the
// worker in the destructor.
#include "core/formats/hash128_map.h"
#include "core/formats/speedscope_stacks.h"
#include "core/model/chunked_vector.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace spyglass::speedscope {

using NodeColumn = ChunkedVector<uint32_t, 16>;

class StackPipeline {
  public:
    // Words of one batch: a record is its frame count, then the frames (root first).
    static constexpr size_t kBatchWords = size_t{1} << 17;
    static constexpr size_t kBatches = 4;

    explicit StackPipeline(DistinctStacks& stacks) : stacks_(stacks) {}
    StackPipeline(const StackPipeline&) = delete;
    StackPipeline& operator=(const StackPipeline&) = delete;
    ~StackPipeline() { stop(); }

    // The id of `rootToLeaf` (kEmptyStack when empty) goes to the end of `nodes`, in order.
    void submit(NodeColumn& nodes, std::span<const uint32_t> rootToLeaf) {
        if (&nodes != current_.target ||
            current_.words.size() + 1 + rootToLeaf.size() > kBatchWords) [[unlikely]]
            switchBatch(nodes, rootToLeaf.size());
        current_.words.push_back(static_cast<uint32_t>(rootToLeaf.size()));
        current_.words.insert(current_.words.end(), rootToLeaf.begin(), rootToLeaf.end());
    }
    // kGap, in order with the submitted stacks.
    void submitGap(NodeColumn& nodes) {
        if (&nodes != current_.target || current_.words.size() + 1 > kBatchWords) [[unlikely]]
            switchBatch(nodes, 0);
        current_.words.push_back(kGapRecord);
    }
    // submit(), done at once after every queued stack, for the caller that must know the id:
    // kEmptyStack when the distinct stacks are full (and nothing is stored then).
    uint32_t submitNow(NodeColumn& nodes, std::span<const uint32_t> rootToLeaf);
    // Every submitted stack has its id; rethrows the worker's exception if it failed.
    void finish();

  private:
    static constexpr uint32_t kGapRecord = UINT32_MAX;
    struct Batch {
        NodeColumn* target = nullptr;
        std::vector<uint32_t> words;
    };

    void switchBatch(NodeColumn& nodes, size_t frames);
    void handOff(); // current_ to the worker (or processed here when there is none)
    void process(const Batch& b);
    uint32_t stackId(std::span<const uint32_t> frames);
    void work();
    void waitIdle();
    void stop();

    DistinctStacks& stacks_;
    Hash128Map seen_; // every distinct stack by its content hash (the worker's, while it runs)
    Batch current_;   // being filled by the parser

    std::mutex mutex_;
    std::condition_variable wake_; // the worker: a batch to do, or stop
    std::condition_variable done_; // the parser: a batch free, or the queue empty
    std::deque<Batch> full_;
    std::vector<Batch> free_;
    size_t batches_ = 1; // allocated so far, at most kBatches
    bool busy_ = false;  // the worker holds a batch
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::thread worker_;
    bool noThread_ = false; // the system refused one: process inline
};

} // namespace spyglass::speedscope
