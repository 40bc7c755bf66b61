#pragma once
// What the streaming speedscope parser keeps of a file before the profile is built: the frames,
// the distinct stacks as speedscope frame indices, and per profile one stack id and one value per
// sample. Keys may come in any order (py-spy writes "profiles" before "shared", sorted writers
// put "type" and "unit" after the data), so samples are kept as frame indices until the end.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"
#include "core/model/chunked_vector.h"
#include "core/formats/speedscope_stacks.h"

namespace spyglass::speedscope {

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
    // Sampled: the stack id of each sample (and, separately, its weight). Evented: one stack id
    // per interval between two events (or kGap) with its duration in `values`.
    // `nodes` is filled by the stack pipeline's worker while the parse goes on: the parser counts
    // what it submitted in `stackCount`.
    std::unique_ptr<ChunkedVector<uint32_t, 16>> nodes = std::make_unique<ChunkedVector<uint32_t, 16>>();
    uint64_t stackCount = 0;
    std::unique_ptr<ChunkedVector<double, 16>> values = std::make_unique<ChunkedVector<double, 16>>();
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
    DistinctStacks stacks;
    FrameUse maxFrameUse; // the largest frame index any stack or event used
    bool anyFrameUse = false;
};

Result<Document> parseDocument(InputSource& in, const ReadOptions& options);

} // namespace spyglass::speedscope
