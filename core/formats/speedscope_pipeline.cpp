#include "core/formats/speedscope_pipeline.h"

#include <algorithm>
#include <system_error>

namespace spyglass::speedscope {

// Samples repeat a few distinct stacks many times: one hash of the whole stack finds its id.
uint32_t StackPipeline::stackId(std::span<const uint32_t> frames) {
    if (frames.empty()) return kEmptyStack;
    const XXH128_hash_t h = XXH3_128bits(frames.data(), frames.size_bytes());
    const Hash128 key{h.low64, h.high64};
    uint32_t id = seen_.find(key);
    if (id == Hash128Map::kMissing) {
        id = stacks_.add(frames);
        if (id == kEmptyStack) return id;
        seen_.insert(key, id);
    }
    return id;
}

void StackPipeline::process(const Batch& b) {
    const uint32_t* w = b.words.data();
    const uint32_t* const end = w + b.words.size();
    while (w < end) {
        const uint32_t n = *w++;
        if (n == kGapRecord) {
            b.target->push_back(kGap);
            continue;
        }
        // Full distinct stacks are caught by the parser first (submitNow), so no id here is
        // kEmptyStack for a stack with frames.
        b.target->push_back(stackId({w, n}));
        w += n;
    }
}

void StackPipeline::switchBatch(NodeColumn& nodes, size_t frames) {
    if (!current_.words.empty()) {
        // The first full batch starts the worker; before that, a batch cut short by a new
        // profile is done here, so that small files never start a thread.
        if (worker_.joinable() || current_.words.size() + 1 + frames > kBatchWords) {
            handOff();
        } else {
            process(current_);
            current_.words.clear();
        }
    }
    current_.target = &nodes;
    // A batch holds one record at least: a stack deeper than a batch gets a batch its size.
    current_.words.reserve(std::max(kBatchWords, frames + 1));
}

void StackPipeline::handOff() {
    if (!worker_.joinable() && !noThread_) {
        try {
            worker_ = std::thread([this] { work(); });
        } catch (const std::system_error&) {
            noThread_ = true; // no second thread here: the same work, inline
        }
    }
    if (noThread_) {
        process(current_);
        current_.words.clear();
        return;
    }
    std::unique_lock lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
    full_.push_back(std::move(current_));
    wake_.notify_one();
    // The next batch to fill: a free one, a new one while fewer than kBatches exist, else wait.
    if (free_.empty() && batches_ >= kBatches)
        done_.wait(lock, [&] { return !free_.empty() || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    if (!free_.empty()) {
        current_ = std::move(free_.back());
        free_.pop_back();
    } else {
        current_ = Batch{};
        ++batches_;
    }
}

void StackPipeline::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !full_.empty(); });
        if (stopping_) return;
        Batch b = std::move(full_.front());
        full_.pop_front();
        busy_ = true;
        lock.unlock();
        try {
            process(b);
        } catch (...) {
            lock.lock();
            failure_ = std::current_exception();
            busy_ = false;
            done_.notify_all();
            return;
        }
        lock.lock();
        busy_ = false;
        b.words.clear();
        free_.push_back(std::move(b));
        done_.notify_all();
    }
}

void StackPipeline::waitIdle() {
    if (!worker_.joinable()) return;
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return failure_ || (full_.empty() && !busy_); });
    if (failure_) std::rethrow_exception(failure_);
}

uint32_t StackPipeline::submitNow(NodeColumn& nodes, std::span<const uint32_t> rootToLeaf) {
    finish();
    const uint32_t id = stackId(rootToLeaf);
    if (id != kEmptyStack || rootToLeaf.empty()) nodes.push_back(id);
    return id;
}

void StackPipeline::finish() {
    if (!current_.words.empty()) {
        if (worker_.joinable()) {
            handOff();
        } else {
            process(current_); // a small input: never worth a thread
            current_.words.clear();
        }
    }
    current_.target = nullptr;
    waitIdle();
}

void StackPipeline::stop() {
    if (!worker_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

} // namespace spyglass::speedscope
