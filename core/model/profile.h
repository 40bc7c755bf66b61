#pragma once
// The profile: interned strings, functions, frames, a stack trie and columns of samples.
//
// One writer (a file reader or the sampler) appends; any number of readers query a
// ProfileSnapshot at the same time. Everything a snapshot can reach was published before the
// snapshot's sample count, so queries need no lock (see ChunkedVector).
#include <cstdint>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/chunked_vector.h"
#include "core/model/flat_hash_map.h"
#include "core/model/frame.h"
#include "core/model/id_hash_set.h"
#include "core/model/string_table.h"

namespace spyglass {

enum class MetricUnit : uint8_t { Samples = 0, Nanoseconds = 1, Bytes = 2, Count = 3 };
std::string_view metricUnitName(MetricUnit unit);
bool parseMetricUnit(std::string_view name, MetricUnit& unit);

struct Metric {
    std::string name; // "cpu", "wall", "alloc", ...
    MetricUnit unit = MetricUnit::Samples;
};

enum SampleFlags : uint8_t {
    kSampleIdle = 1,       // the thread was off CPU
    kSampleHoldsGil = 2,   // the thread held the GIL
    kSampleWaitsGil = 4,   // the thread waited for the GIL
};

struct ThreadInfo {
    uint64_t id = 0;  // native thread id (or whatever id the source file gave)
    StringId name = 0;
};

struct ProfileMetadata {
    std::string commandLine;
    int64_t pid = 0;
    std::string pythonVersion;
    double samplingRateHz = 0;    // requested rate; 0 when unknown
    int64_t startTimeUnixNs = 0;  // wall clock at the first sample; 0 when unknown
    int64_t durationNs = 0;       // recorded duration; 0 = derive from the samples
    std::string toolVersion;      // who wrote it ("spyglass 0.1.0", "py-spy", ...)
    std::string sourceFormat;     // the format it was read from
    std::string sourcePath;
    bool operator==(const ProfileMetadata&) const = default;
};

struct SampleInput {
    int64_t timeNs = 0; // monotonic, relative to the profile start
    ThreadIndex thread = 0;
    StackId stack = kNoStack;
    uint8_t flags = 0;
    std::span<const int64_t> weights; // one per metric; empty means 1 for metric 0 and 0 else
};

class Profile {
public:
    explicit Profile(std::vector<Metric> metrics = {{"cpu", MetricUnit::Samples}});
    Profile(const Profile&) = delete;
    Profile& operator=(const Profile&) = delete;

    // --- writer API -------------------------------------------------------------------------
    StringId intern(std::string_view s) { return strings_.intern(s); }
    FunctionId internFunction(std::string_view name, std::string_view file,
                              FrameKind kind = FrameKind::Python);
    // Full control, for lossless readers of our own format.
    FunctionId internFunction(const Function& f);
    FrameId internFrame(FunctionId function, uint32_t line);
    StackId internChild(StackId parent, FrameId frame);
    StackId internStack(std::span<const FrameId> rootToLeaf, StackId base = kNoStack);
    // Bulk loading (our own format's reader): append a frame or stack node known to be new, without
    // a lookup; the lookup indexes catch up on the next internFrame/internChild call.
    FrameId appendFrameUnchecked(FunctionId function, uint32_t line);
    StackId appendStackUnchecked(StackId parent, FrameId frame);
    // Bulk loading, whole columns at a time. Each fill(T* dst, size_t count) writes the next
    // `count` records in place (one chunk's worth at most); they are published when it returns.
    // Unchecked as above: the caller guarantees every id is in range (a stack node's parent before
    // it) and every frame and node new. A node's depth is derived here from its parent.
    template <typename Fill>
    void appendFramesUnchecked(size_t n, Fill&& fill) { frames_.appendBulk(n, fill); }
    template <typename Fill>
    void appendStacksUnchecked(size_t n, Fill&& fill);
    // n samples: times, threads, flags, then weights(metric, dst, count) for each metric, then the
    // stack column, which publishes them.
    template <typename Times, typename Threads, typename Flags, typename Weights, typename Stacks>
    void appendSamplesBulk(size_t n, Times&& times, Threads&& threads, Flags&& flags, Weights&& weights,
                           Stacks&& stacks);
    // Storage and indexes for tables of these sizes allocated at once (huge pages where the system
    // has them), when the writer knows them: a few page faults instead of one every 4 KiB.
    struct TableSizes {
        size_t strings = 0, functions = 0, frames = 0, stacks = 0, samples = 0;
    };
    void reserveTables(const TableSizes& sizes);
    ThreadIndex addThread(uint64_t id, std::string_view name);
    // Finds a thread by native id, adding it when new.
    ThreadIndex threadById(uint64_t id, std::string_view nameIfNew = {});
    void renameThread(ThreadIndex thread, std::string_view name);
    void appendSample(const SampleInput& s);
    void appendSample(int64_t timeNs, ThreadIndex thread, StackId stack, int64_t weight0,
                      uint8_t flags = 0);
    void setMetadata(ProfileMetadata m);
    void reserveSamples(size_t n);

    // --- reader API (any thread) ------------------------------------------------------------
    const std::vector<Metric>& metrics() const { return metrics_; }
    size_t metricIndex(std::string_view name) const; // metrics().size() when absent
    const StringTable& strings() const { return strings_; }
    std::string_view str(StringId id) const { return strings_[id]; }

    size_t functionCount() const { return functions_.size(); }
    const Function& function(FunctionId id) const { return functions_[id]; }
    size_t frameCount() const { return frames_.size(); }
    const Frame& frame(FrameId id) const { return frames_[id]; }
    size_t stackCount() const { return stacks_.size(); }
    const StackNode& stack(StackId id) const { return stacks_[id]; }
    size_t threadCount() const { return threads_.size(); }
    ThreadInfo thread(ThreadIndex i) const;

    size_t sampleCount() const { return sampleStack_.size(); }
    int64_t sampleTime(size_t i) const { return sampleTime_[i]; }
    ThreadIndex sampleThread(size_t i) const { return sampleThread_[i]; }
    StackId sampleStack(size_t i) const { return sampleStack_[i]; }
    uint8_t sampleFlags(size_t i) const { return sampleFlags_[i]; }
    int64_t sampleWeight(size_t i, size_t metric) const { return weights_[metric]->operator[](i); }

    // Frames of a stack, root first.
    void stackFrames(StackId leaf, std::vector<FrameId>& rootToLeaf) const;
    ProfileMetadata metadata() const;
    size_t memoryBytes() const;

    // Convenience for the common name lookups of tests and the CLI.
    std::string_view functionName(FunctionId f) const { return str(function(f).name); }
    std::string_view functionFile(FunctionId f) const { return str(function(f).file); }

private:
    StringTable strings_;
    std::vector<Metric> metrics_;
    ChunkedVector<Function, 12> functions_;
    ChunkedVector<Frame> frames_;
    ChunkedVector<StackNode, 16> stacks_;
    ChunkedVector<ThreadInfo, 8> threads_;

    ChunkedVector<int64_t, 16> sampleTime_;
    ChunkedVector<ThreadIndex, 16> sampleThread_;
    ChunkedVector<uint8_t, 16> sampleFlags_;
    std::vector<std::unique_ptr<ChunkedVector<int64_t, 16>>> weights_;
    ChunkedVector<StackId, 16> sampleStack_; // appended last: its size publishes a sample

    struct FunctionKey {
        StringId name, file;
        FrameKind kind;
        bool operator==(const FunctionKey&) const = default;
    };
    struct FunctionKeyHash {
        size_t operator()(const FunctionKey& k) const {
            return FlatHashMap64::mix(packKey(k.name, k.file) ^ (uint64_t(k.kind) << 61));
        }
    };
    std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> functionIndex_;
    IdHashSet frameIndex_;
    IdHashSet stackIndex_;
    std::unordered_map<uint64_t, ThreadIndex> threadIndex_;

    void catchUpFrameIndex();
    void catchUpStackIndex();

    mutable std::mutex metadataMutex_;
    ProfileMetadata metadata_;
};

template <typename Fill>
void Profile::appendStacksUnchecked(size_t n, Fill&& fill) {
    if (n >= size_t{kNoStack} - 1 - stacks_.size()) throw std::length_error("too many stacks");
    size_t first = stacks_.size();
    stacks_.appendBulk(n, [&](StackNode* dst, size_t count) {
        fill(dst, count);
        for (size_t i = 0; i < count; ++i) {
            const StackId parent = dst[i].parent;
            if (parent == kNoStack) dst[i].depth = 1;
            else if (parent >= first) dst[i].depth = dst[parent - first].depth + 1; // mostly: parents are near
            else dst[i].depth = stacks_.mutableAt(parent).depth + 1;
        }
        first += count;
    });
}

template <typename Times, typename Threads, typename Flags, typename Weights, typename Stacks>
void Profile::appendSamplesBulk(size_t n, Times&& times, Threads&& threads, Flags&& flags, Weights&& weights,
                                Stacks&& stacks) {
    sampleTime_.appendBulk(n, times);
    sampleThread_.appendBulk(n, threads);
    sampleFlags_.appendBulk(n, flags);
    for (size_t m = 0; m < weights_.size(); ++m)
        weights_[m]->appendBulk(n, [&](int64_t* dst, size_t count) { weights(m, dst, count); });
    sampleStack_.appendBulk(n, stacks);
}

// A consistent view of a profile's first `samples` samples, safe to query while the writer goes on.
struct ProfileSnapshot {
    const Profile* profile = nullptr;
    size_t samples = 0;
    size_t stacks = 0;
    size_t functions = 0;
    size_t frames = 0;
    size_t threads = 0;

    static ProfileSnapshot of(const Profile& p);
};

} // namespace spyglass
