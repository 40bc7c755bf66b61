#include "core/model/profile.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "core/model/package_classifier.h"

namespace spyglass {

std::string_view frameKindName(FrameKind kind) {
    switch (kind) {
    case FrameKind::Python: return "python";
    case FrameKind::Native: return "native";
    case FrameKind::Idle: return "idle";
    case FrameKind::GilWait: return "gil";
    case FrameKind::Thread: return "thread";
    case FrameKind::Other: return "other";
    }
    return "other";
}

bool parseFrameKind(std::string_view name, FrameKind& kind) {
    for (auto k : {FrameKind::Python, FrameKind::Native, FrameKind::Idle, FrameKind::GilWait,
                   FrameKind::Thread, FrameKind::Other})
        if (frameKindName(k) == name) {
            kind = k;
            return true;
        }
    return false;
}

std::string_view packageCategoryName(PackageCategory category) {
    switch (category) {
    case PackageCategory::User: return "user";
    case PackageCategory::StandardLibrary: return "stdlib";
    case PackageCategory::ThirdParty: return "third-party";
    case PackageCategory::Native: return "native";
    case PackageCategory::Idle: return "idle";
    case PackageCategory::Unknown: return "unknown";
    }
    return "unknown";
}

std::string_view metricUnitName(MetricUnit unit) {
    switch (unit) {
    case MetricUnit::Samples: return "samples";
    case MetricUnit::Nanoseconds: return "nanoseconds";
    case MetricUnit::Bytes: return "bytes";
    case MetricUnit::Count: return "count";
    }
    return "samples";
}

bool parseMetricUnit(std::string_view name, MetricUnit& unit) {
    for (auto u : {MetricUnit::Samples, MetricUnit::Nanoseconds, MetricUnit::Bytes, MetricUnit::Count})
        if (metricUnitName(u) == name) {
            unit = u;
            return true;
        }
    return false;
}

Profile::Profile(std::vector<Metric> metrics) : metrics_(std::move(metrics)) {
    if (metrics_.empty()) metrics_.push_back({"cpu", MetricUnit::Samples});
    for (size_t i = 0; i < metrics_.size(); ++i)
        weights_.push_back(std::make_unique<ChunkedVector<int64_t, 16>>());
}

size_t Profile::metricIndex(std::string_view name) const {
    for (size_t i = 0; i < metrics_.size(); ++i)
        if (metrics_[i].name == name) return i;
    return metrics_.size();
}

FunctionId Profile::internFunction(std::string_view name, std::string_view file, FrameKind kind) {
    const StringId nameId = strings_.intern(name);
    const StringId fileId = strings_.intern(file);
    const FunctionKey key{nameId, fileId, kind};
    if (auto it = functionIndex_.find(key); it != functionIndex_.end()) return it->second;
    const PackageInfo info = classifyPackage(file, kind);
    Function f;
    f.name = nameId;
    f.file = fileId;
    f.kind = kind;
    f.module = strings_.intern(info.module);
    f.package = strings_.intern(info.package);
    f.category = info.category;
    const auto id = static_cast<FunctionId>(functions_.push_back(f));
    functionIndex_.emplace(key, id);
    return id;
}

FunctionId Profile::internFunction(const Function& f) {
    const FunctionKey key{f.name, f.file, f.kind};
    if (auto it = functionIndex_.find(key); it != functionIndex_.end()) return it->second;
    const auto id = static_cast<FunctionId>(functions_.push_back(f));
    functionIndex_.emplace(key, id);
    return id;
}

FrameId Profile::internFrame(FunctionId function, uint32_t line) {
    if (frameIndex_.size() < frames_.size()) catchUpFrameIndex();
    const uint64_t hash = FlatHashMap64::mix(packKey(function, line));
    const uint32_t found = frameIndex_.find(hash, [&](uint32_t id) {
        const Frame& f = frames_[id];
        return f.function == function && f.line == line;
    });
    if (found != IdHashSet::kEmpty) return found;
    const auto id = static_cast<FrameId>(frames_.push_back(Frame{function, line}));
    frameIndex_.insert(hash, id, [&](uint32_t other) {
        return FlatHashMap64::mix(packKey(frames_[other].function, frames_[other].line));
    });
    return id;
}

StackId Profile::internChild(StackId parent, FrameId frame) {
    if (stackIndex_.size() < stacks_.size()) catchUpStackIndex();
    const uint64_t hash = FlatHashMap64::mix(packKey(parent, frame));
    const uint32_t found = stackIndex_.find(hash, [&](uint32_t id) {
        const StackNode& n = stacks_[id];
        return n.parent == parent && n.frame == frame;
    });
    if (found != IdHashSet::kEmpty) return found;
    const uint32_t depth = parent == kNoStack ? 1 : stacks_[parent].depth + 1;
    if (stacks_.size() >= kNoStack - 1) throw std::length_error("too many stacks");
    const auto id = static_cast<StackId>(stacks_.push_back(StackNode{parent, frame, depth}));
    stackIndex_.insert(hash, id, [&](uint32_t other) {
        return FlatHashMap64::mix(packKey(stacks_[other].parent, stacks_[other].frame));
    });
    return id;
}

FrameId Profile::appendFrameUnchecked(FunctionId function, uint32_t line) {
    return static_cast<FrameId>(frames_.push_back(Frame{function, line}));
}

StackId Profile::appendStackUnchecked(StackId parent, FrameId frame) {
    if (stacks_.size() >= kNoStack - 1) throw std::length_error("too many stacks");
    const uint32_t depth = parent == kNoStack ? 1 : stacks_[parent].depth + 1;
    return static_cast<StackId>(stacks_.push_back(StackNode{parent, frame, depth}));
}

void Profile::catchUpFrameIndex() {
    auto hashOf = [&](uint32_t id) { return FlatHashMap64::mix(packKey(frames_[id].function, frames_[id].line)); };
    for (auto id = static_cast<uint32_t>(frameIndex_.size()); id < frames_.size(); ++id)
        frameIndex_.insert(hashOf(id), id, hashOf);
}

void Profile::catchUpStackIndex() {
    auto hashOf = [&](uint32_t id) { return FlatHashMap64::mix(packKey(stacks_[id].parent, stacks_[id].frame)); };
    for (auto id = static_cast<uint32_t>(stackIndex_.size()); id < stacks_.size(); ++id)
        stackIndex_.insert(hashOf(id), id, hashOf);
}

StackId Profile::internStack(std::span<const FrameId> rootToLeaf, StackId base) {
    StackId s = base;
    for (FrameId f : rootToLeaf) s = internChild(s, f);
    return s;
}

ThreadIndex Profile::addThread(uint64_t id, std::string_view name) {
    const StringId nameId = strings_.intern(name);
    const auto index = static_cast<ThreadIndex>(threads_.push_back(ThreadInfo{id, nameId}));
    threadIndex_.emplace(id, index);
    return index;
}

ThreadIndex Profile::threadById(uint64_t id, std::string_view nameIfNew) {
    if (auto it = threadIndex_.find(id); it != threadIndex_.end()) return it->second;
    return addThread(id, nameIfNew);
}

void Profile::renameThread(ThreadIndex thread, std::string_view name) {
    // A rename may race with readers of the name alone, hence the atomic access.
    std::atomic_ref<StringId>(threads_.mutableAt(thread).name)
        .store(strings_.intern(name), std::memory_order_release);
}

ThreadInfo Profile::thread(ThreadIndex i) const {
    ThreadInfo t;
    t.id = threads_[i].id;
    t.name = std::atomic_ref<StringId>(const_cast<StringId&>(threads_[i].name))
                 .load(std::memory_order_acquire);
    return t;
}

void Profile::appendSample(const SampleInput& s) {
    sampleTime_.push_back(s.timeNs);
    sampleThread_.push_back(s.thread);
    sampleFlags_.push_back(s.flags);
    for (size_t m = 0; m < weights_.size(); ++m) {
        int64_t w = 0;
        if (s.weights.empty()) w = m == 0 ? 1 : 0;
        else if (m < s.weights.size()) w = s.weights[m];
        weights_[m]->push_back(w);
    }
    sampleStack_.push_back(s.stack);
}

void Profile::appendSample(int64_t timeNs, ThreadIndex thread, StackId stack, int64_t weight0,
                           uint8_t flags) {
    sampleTime_.push_back(timeNs);
    sampleThread_.push_back(thread);
    sampleFlags_.push_back(flags);
    weights_[0]->push_back(weight0);
    for (size_t m = 1; m < weights_.size(); ++m) weights_[m]->push_back(0);
    sampleStack_.push_back(stack);
}

void Profile::reserveSamples(size_t n) {
    sampleTime_.reserve(n);
    sampleThread_.reserve(n);
    sampleFlags_.reserve(n);
    sampleStack_.reserve(n);
    for (auto& w : weights_) w->reserve(n);
}

void Profile::reserveTables(const TableSizes& sizes) {
    strings_.reserve(sizes.strings);
    functions_.reserve(sizes.functions);
    functionIndex_.reserve(sizes.functions);
    frames_.reserve(sizes.frames);
    stacks_.reserve(sizes.stacks);
    reserveSamples(sizes.samples);
}

void Profile::setMetadata(ProfileMetadata m) {
    std::lock_guard lock(metadataMutex_);
    metadata_ = std::move(m);
}

ProfileMetadata Profile::metadata() const {
    std::lock_guard lock(metadataMutex_);
    return metadata_;
}

void Profile::stackFrames(StackId leaf, std::vector<FrameId>& rootToLeaf) const {
    rootToLeaf.clear();
    for (StackId s = leaf; s != kNoStack; s = stacks_[s].parent) rootToLeaf.push_back(stacks_[s].frame);
    std::reverse(rootToLeaf.begin(), rootToLeaf.end());
}

size_t Profile::memoryBytes() const {
    size_t bytes = strings_.memoryBytes() + functions_.memoryBytes() + frames_.memoryBytes() +
                   stacks_.memoryBytes() + threads_.memoryBytes() + sampleTime_.memoryBytes() +
                   sampleThread_.memoryBytes() + sampleFlags_.memoryBytes() +
                   sampleStack_.memoryBytes() + frameIndex_.memoryBytes() +
                   stackIndex_.memoryBytes() + functionIndex_.size() * 48;
    for (const auto& w : weights_) bytes += w->memoryBytes();
    return bytes;
}

ProfileSnapshot ProfileSnapshot::of(const Profile& p) {
    ProfileSnapshot s;
    s.profile = &p;
    // Samples first: everything a published sample refers to was published before it.
    s.samples = p.sampleCount();
    s.stacks = p.stackCount();
    s.frames = p.frameCount();
    s.functions = p.functionCount();
    s.threads = p.threadCount();
    return s;
}

} // namespace spyglass
