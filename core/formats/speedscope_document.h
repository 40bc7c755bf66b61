#pragma once
// What the streaming speedscope parser keeps of a file before the profile is built: the frames,
// a trie of stacks over speedscope frame indices, and per profile one node and one value per
// sample. Keys may come in any order (py-spy writes "profiles" before "shared", sorted writers
// put "type" and "unit" after the data), so samples are kept as frame indices until the end.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"
#include "core/model/chunked_vector.h"
#include "core/model/flat_hash_map.h"
#include "core/model/id_hash_set.h"

namespace spyglass::speedscope {

// Node values with a meaning of their own in a series.
inline constexpr uint32_t kEmptyStack = UINT32_MAX;    // a sample with no frames
inline constexpr uint32_t kGap = UINT32_MAX - 1;       // evented: time passes with no frame open
inline constexpr uint32_t kMaxNodes = UINT32_MAX - 2;
inline constexpr size_t kMaxStackDepth = 1 << 16;

enum class Unit : uint8_t { None, Nanoseconds, Microseconds, Milliseconds, Seconds, Bytes };
bool parseUnit(std::string_view name, Unit& unit);
bool isTimeUnit(Unit u);
double unitScale(Unit u); // to nanoseconds for time units, 1 else

struct Frame {
    std::string name;
    std::string file;
    uint32_t line = 0;
    bool hasName = false;
};

// One entry of "profiles".
struct Series {
    enum class Type : uint8_t { Unknown, Sampled, Evented };
    Type type = Type::Unknown;
    std::string name;
    Unit unit = Unit::None;
    bool hasUnit = false;
    double startValue = 0;
    double endValue = 0;
    bool hasStart = false;
    bool hasEnd = false;
    bool sawSamples = false, sawWeights = false, sawEvents = false;
    double firstAt = 0; // evented: time of the first event
    // Sampled: the stack of each sample (and, separately, its weight). Evented: one node per
    // interval between two events (or kGap) with its duration in `values`.
    std::unique_ptr<ChunkedVector<uint32_t, 16>> nodes = std::make_unique<ChunkedVector<uint32_t, 16>>();
    std::unique_ptr<ChunkedVector<double, 16>> values = std::make_unique<ChunkedVector<double, 16>>();
};

// Stacks as a trie over speedscope frame indices, in creation order (a parent before its children).
class IndexTrie {
public:
    static constexpr uint32_t kRoot = UINT32_MAX;
    // UINT32_MAX when the trie is full.
    uint32_t child(uint32_t parent, uint32_t frame) {
        const uint64_t hash = FlatHashMap64::mix(packKey(parent, frame));
        const uint32_t found = index_.find(
            hash, [&](uint32_t id) { return parent_[id] == parent && frame_[id] == frame; });
        if (found != IdHashSet::kEmpty) return found;
        if (parent_.size() >= kMaxNodes) return UINT32_MAX;
        const auto id = static_cast<uint32_t>(parent_.size());
        parent_.push_back(parent);
        frame_.push_back(frame);
        index_.insert(hash, id, [&](uint32_t other) {
            return FlatHashMap64::mix(packKey(parent_[other], frame_[other]));
        });
        return id;
    }
    size_t size() const { return parent_.size(); }
    uint32_t parent(uint32_t node) const { return parent_[node]; }
    uint32_t frame(uint32_t node) const { return frame_[node]; }
    void releaseIndex() { index_ = IdHashSet(); }

private:
    std::vector<uint32_t> parent_;
    std::vector<uint32_t> frame_;
    IdHashSet index_;
};

// Where a frame index was first used, to name it if it turns out to be out of range.
struct FrameUse {
    uint64_t index = 0;
    uint64_t byteOffset = 0;
    std::string path;
};

struct Document {
    std::vector<Frame> frames;
    bool sawFrames = false;
    bool sawProfiles = false;
    std::string schema;
    std::string name;
    std::string exporter;
    std::vector<Series> series;
    IndexTrie trie;
    FrameUse maxFrameUse; // the largest frame index any stack or event used
    bool anyFrameUse = false;
};

Result<Document> parseDocument(InputSource& in, const ReadOptions& options);

} // namespace spyglass::speedscope
