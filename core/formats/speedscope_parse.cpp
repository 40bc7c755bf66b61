// The streaming half of the speedscope reader: RapidJSON's SAX events, checked against the
// published schema (https://www.speedscope.app/file-format-schema.json) as they arrive.
// RapidJSON rather than nlohmann_json here: its SAX reader parses numbers in place, about three
// times as fast on these number-heavy files (docs/BENCHMARKS.md), with a fixed-size input buffer.
// RapidJSON 1.1.0's internal stack adds an offset to its null pointer on the first push (benign,
// fixed upstream after the release Debian ships); keep clang's UBSan from failing on it, for
// RapidJSON's own functions only.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include <cmath>

#include "core/formats/hash128_map.h"
#include "core/formats/json_chunk_stream.h"
#include "core/formats/speedscope_document.h"

namespace spyglass::speedscope {

bool parseUnit(std::string_view n, Unit& unit) {
    static constexpr std::pair<std::string_view, Unit> kUnits[] = {
        {"none", Unit::None},           {"nanoseconds", Unit::Nanoseconds},
        {"microseconds", Unit::Microseconds}, {"milliseconds", Unit::Milliseconds},
        {"seconds", Unit::Seconds},     {"bytes", Unit::Bytes}};
    for (auto [name, u] : kUnits)
        if (name == n) {
            unit = u;
            return true;
        }
    return false;
}

bool isTimeUnit(Unit u) { return u != Unit::None && u != Unit::Bytes; }

double unitScale(Unit u) {
    switch (u) {
    case Unit::Microseconds: return 1e3;
    case Unit::Milliseconds: return 1e6;
    case Unit::Seconds: return 1e9;
    default: return 1;
    }
}

namespace {

constexpr size_t kMaxJsonDepth = 64;

enum class Ctx : uint8_t {
    Root, Shared, Frames, Frame, Profiles, Profile, Samples, Stack, Weights, Events, Event, Skip
};

struct Level {
    Ctx ctx;
    bool array;
    uint64_t count = 0; // arrays: elements started so far
    std::string key;    // objects: the current key
};

// A JSON number as it came: integers stay exact, for event times and frame indices.
struct Number {
    bool integral = false;
    bool negative = false;
    uint64_t magnitude = 0;
    double value = 0;
};

class Handler {
public:
    Handler(Document& doc, JsonChunkStream& input) : doc_(doc), input_(input) {}

    std::optional<Error> error;

    // --- RapidJSON SAX interface -----------------------------------------------------------
    bool Null() { return scalar(Kind::Null, {}, {}); }
    bool Bool(bool) { return scalar(Kind::Bool, {}, {}); }
    bool Int(int v) { return Int64(v); }
    bool Int64(int64_t v) {
        Number n{true, v < 0, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v),
                 static_cast<double>(v)};
        return scalar(Kind::Number, n, {});
    }
    bool Uint(unsigned v) { return Uint64(v); }
    bool Uint64(uint64_t v) {
        if (ctx_ == Ctx::Stack) [[likely]] {
            ++levels_.back().count;
            return stackFrame(v);
        }
        return scalar(Kind::Number, Number{true, false, v, static_cast<double>(v)}, {});
    }
    bool Double(double v) {
        Number n{false, v < 0, 0, v};
        if (v == std::floor(v) && std::fabs(v) < 1.8e19) {
            n.integral = true;
            n.magnitude = static_cast<uint64_t>(std::fabs(v));
        }
        return scalar(Kind::Number, n, {});
    }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return fail("unexpected raw number"); }
    bool String(const char* s, rapidjson::SizeType n, bool) { return scalar(Kind::String, {}, {s, n}); }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        levels_.back().key.assign(s, n);
        return true;
    }
    bool StartObject();
    bool EndObject(rapidjson::SizeType);
    bool StartArray();
    bool EndArray(rapidjson::SizeType);

    // A syntax error RapidJSON found, at the byte it stopped.
    void syntaxError(rapidjson::ParseErrorCode code, size_t offset) {
        if (error) return; // our own abort, already explained
        if (input_.error()) {
            error = input_.error();
            return;
        }
        error = makeError(input_.name() + ": at byte " + std::to_string(offset) + " (" + path() +
                          "): invalid JSON: " + rapidjson::GetParseError_En(code));
    }
    void trailingNul() {
        error = makeError(input_.name() + ": at byte " + std::to_string(input_.Tell()) +
                          ": a NUL byte after the JSON document");
    }

private:
    enum class Kind { Null, Bool, Number, String };

    bool fail(const std::string& what) {
        if (!error)
            error = makeError(input_.name() + ": at byte " + std::to_string(input_.Tell()) + " (" +
                              path() + "): " + what);
        return false;
    }
    bool typeError(const char* expected) { return fail(std::string("expected ") + expected); }

    std::string path() const {
        std::string p;
        for (size_t i = 0; i < levels_.size(); ++i) {
            const Level& l = levels_[i];
            if (l.array) {
                if (l.count > 0) p += "[" + std::to_string(l.count - 1) + "]";
            } else if (!l.key.empty()) {
                if (!p.empty()) p += '.';
                p += l.key;
            }
        }
        return p.empty() ? "top level" : p;
    }

    // The context a new container or value at the current position belongs to.
    Ctx childContext(bool isArray, bool& wrongType);
    bool push(Ctx ctx, bool array) {
        if (levels_.size() >= kMaxJsonDepth)
            return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        levels_.push_back(Level{ctx, array, 0, {}});
        ctx_ = ctx;
        return true;
    }
    void pop() {
        levels_.pop_back();
        ctx_ = levels_.empty() ? Ctx::Skip : levels_.back().ctx;
    }
    bool scalar(Kind kind, const Number& n, std::string_view s);
    bool stackFrame(uint64_t index);
    bool useFrame(uint64_t index);
    bool endSample();
    bool endEvent();
    bool endProfile();
    Series& series() { return doc_.series.back(); }

    Document& doc_;
    JsonChunkStream& input_;
    std::vector<Level> levels_;
    Ctx ctx_ = Ctx::Skip;

    // The sample being read, and every distinct stack seen so far by its content hash.
    std::vector<uint32_t> stack_;
    Hash128Map seen_;
    uint32_t stackId(std::span<const uint32_t> frames);

    // The event being read, and the evented profile's open frames.
    struct Event {
        char type = 0;
        bool hasFrame = false, hasAt = false;
        uint64_t frame = 0;
        Number at;
    } event_;
    std::vector<uint32_t> openFrames_;
    bool anyEvent_ = false;
    Number lastAt_;
};

Ctx Handler::childContext(bool isArray, bool& wrongType) {
    wrongType = false;
    if (levels_.empty()) {
        wrongType = isArray; // the document itself must be an object
        return Ctx::Root;
    }
    Level& top = levels_.back();
    if (top.array) ++top.count;
    const std::string& k = top.key;
    auto want = [&](Ctx c, bool array) {
        wrongType = array != isArray;
        return c;
    };
    switch (top.ctx) {
    case Ctx::Root:
        if (k == "shared") return want(Ctx::Shared, false);
        if (k == "profiles") return want(Ctx::Profiles, true);
        return Ctx::Skip;
    case Ctx::Shared: return k == "frames" ? want(Ctx::Frames, true) : Ctx::Skip;
    case Ctx::Frames: return want(Ctx::Frame, false);
    case Ctx::Profiles: return want(Ctx::Profile, false);
    case Ctx::Profile:
        if (k == "samples") return want(Ctx::Samples, true);
        if (k == "weights") return want(Ctx::Weights, true);
        if (k == "events") return want(Ctx::Events, true);
        if (k == "type" || k == "name" || k == "unit" || k == "startValue" || k == "endValue")
            wrongType = true;
        return Ctx::Skip;
    case Ctx::Samples: return want(Ctx::Stack, true);
    case Ctx::Events: return want(Ctx::Event, false);
    case Ctx::Frame:
    case Ctx::Event:
        wrongType = k == "name" || k == "file" || k == "line" || k == "frame" || k == "at" || k == "type";
        return Ctx::Skip;
    case Ctx::Stack:
    case Ctx::Weights: wrongType = true; return Ctx::Skip;
    case Ctx::Skip: return Ctx::Skip;
    }
    return Ctx::Skip;
}

bool Handler::StartObject() {
    bool wrong = false;
    const Ctx c = childContext(false, wrong);
    if (wrong) return fail(levels_.empty() ? "a speedscope file is a JSON object" : "unexpected object here");
    if (c == Ctx::Frame) doc_.frames.emplace_back();
    if (c == Ctx::Profile) {
        doc_.series.emplace_back();
        anyEvent_ = false;
        openFrames_.clear();
    }
    if (c == Ctx::Event) event_ = Event{};
    return push(c, false);
}

bool Handler::StartArray() {
    bool wrong = false;
    const Ctx c = childContext(true, wrong);
    if (wrong) return fail(levels_.empty() ? "a speedscope file is a JSON object" : "unexpected array here");
    if (c == Ctx::Samples) {
        if (series().sawEvents) return fail("a profile holds either samples or events, not both");
        series().sawSamples = true;
    }
    if (c == Ctx::Weights) {
        if (series().sawEvents) return fail("an evented profile has no \"weights\"");
        series().sawWeights = true;
    }
    if (c == Ctx::Events) {
        if (series().sawSamples || series().sawWeights)
            return fail("a profile holds either samples and weights or events, not both");
        series().sawEvents = true;
    }
    if (c == Ctx::Stack) stack_.clear();
    if (c == Ctx::Profiles) doc_.sawProfiles = true;
    return push(c, true);
}

bool Handler::EndObject(rapidjson::SizeType) {
    const Ctx c = ctx_;
    bool ok = true;
    if (c == Ctx::Frame && !doc_.frames.back().hasName) ok = fail("frame without a \"name\"");
    if (c == Ctx::Event) ok = endEvent();
    if (c == Ctx::Profile) ok = endProfile();
    pop();
    return ok;
}

bool Handler::EndArray(rapidjson::SizeType) {
    const Ctx c = ctx_;
    bool ok = true;
    if (c == Ctx::Stack) ok = endSample();
    if (c == Ctx::Frames) doc_.sawFrames = true;
    pop();
    return ok;
}

bool Handler::useFrame(uint64_t index) {
    if (doc_.sawFrames) {
        if (index >= doc_.frames.size())
            return fail("frame index " + std::to_string(index) + " is out of range (the file has " +
                        std::to_string(doc_.frames.size()) + " frames)");
    } else if (index > UINT32_MAX - 1) {
        return fail("frame index " + std::to_string(index) + " is out of range");
    } else if (!doc_.anyFrameUse || index > doc_.maxFrameUse.index) {
        // Frames come later in this file: remember where the largest index was used.
        doc_.anyFrameUse = true;
        doc_.maxFrameUse = FrameUse{index, input_.Tell(), path()};
    }
    return true;
}

bool Handler::stackFrame(uint64_t index) {
    if (!useFrame(index)) return false;
    if (stack_.size() >= kMaxStackDepth)
        return fail("stack deeper than " + std::to_string(kMaxStackDepth) + " frames");
    stack_.push_back(static_cast<uint32_t>(index));
    return true;
}

// Samples repeat a few distinct stacks many times: one hash of the whole stack finds its id.
uint32_t Handler::stackId(std::span<const uint32_t> frames) {
    if (frames.empty()) return kEmptyStack;
    const XXH128_hash_t h = XXH3_128bits(frames.data(), frames.size_bytes());
    const Hash128 key{h.low64, h.high64};
    uint32_t id = seen_.find(key);
    if (id == Hash128Map::kMissing) {
        id = doc_.stacks.add(frames);
        if (id == kEmptyStack) return id;
        seen_.insert(key, id);
    }
    return id;
}

bool Handler::endSample() {
    const uint32_t id = stackId(stack_);
    if (id == kEmptyStack && !stack_.empty()) return fail("too many distinct stacks");
    series().nodes->push_back(id);
    return true;
}

bool Handler::scalar(Kind kind, const Number& n, std::string_view s) {
    if (levels_.empty()) return fail("a speedscope file is a JSON object");
    Level& top = levels_.back();
    if (top.array) ++top.count;
    const std::string& k = top.key;
    const bool isNumber = kind == Kind::Number, isString = kind == Kind::String;
    switch (ctx_) {
    case Ctx::Root:
        if (k == "name" && isString) doc_.name = s;
        if (k == "exporter" && isString) doc_.exporter = s;
        if (k == "$schema" && isString) doc_.schema = s;
        if ((k == "shared" || k == "profiles")) return typeError(k == "shared" ? "an object" : "an array");
        return true;
    case Ctx::Shared:
        if (k == "frames") return typeError("an array of frames");
        return true;
    case Ctx::Frame: {
        Frame& f = doc_.frames.back();
        if (k == "name") {
            if (!isString) return typeError("a string");
            f.name = s;
            f.hasName = true;
        } else if (k == "file") {
            if (isString) f.file = s;
            else if (kind != Kind::Null) return typeError("a string");
        } else if (k == "line") {
            if (isNumber) {
                if (!n.integral || n.negative || n.magnitude > UINT32_MAX)
                    return fail("line number out of range");
                f.line = static_cast<uint32_t>(n.magnitude);
            } else if (kind != Kind::Null) {
                return typeError("a number");
            }
        } else if (k == "col" && kind != Kind::Null && !isNumber) {
            return typeError("a number");
        }
        return true;
    }
    case Ctx::Profile: {
        Series& p = series();
        if (k == "type") {
            if (!isString) return typeError("a string");
            if (s == "sampled") p.type = Series::Type::Sampled;
            else if (s == "evented") p.type = Series::Type::Evented;
            else return fail("unsupported profile type \"" + std::string(s.substr(0, 40)) + "\"");
        } else if (k == "name") {
            if (!isString) return typeError("a string");
            p.name = s;
        } else if (k == "unit") {
            if (!isString) return typeError("a string");
            if (!parseUnit(s, p.unit)) return fail("unknown unit \"" + std::string(s.substr(0, 40)) + "\"");
            p.hasUnit = true;
        } else if (k == "startValue" || k == "endValue") {
            if (!isNumber) return typeError("a number");
            (k == "startValue" ? p.startValue : p.endValue) = n.value;
            (k == "startValue" ? p.hasStart : p.hasEnd) = true;
        } else if (k == "samples" || k == "weights" || k == "events") {
            return typeError("an array");
        }
        return true;
    }
    case Ctx::Stack:
        if (!isNumber || !n.integral || n.negative) return typeError("a frame index");
        return stackFrame(n.magnitude);
    case Ctx::Weights:
        if (!isNumber) return typeError("a number");
        series().values->push_back(n.value);
        return true;
    case Ctx::Samples: return typeError("an array of frame indices");
    case Ctx::Event:
        if (k == "type") {
            if (!isString || (s != "O" && s != "C")) return typeError("\"O\" or \"C\"");
            event_.type = s[0];
        } else if (k == "frame") {
            if (!isNumber || !n.integral || n.negative) return typeError("a frame index");
            event_.frame = n.magnitude;
            event_.hasFrame = true;
        } else if (k == "at") {
            if (!isNumber) return typeError("a number");
            event_.at = n;
            event_.hasAt = true;
        }
        return true;
    case Ctx::Frames: return typeError("a frame object");
    case Ctx::Profiles: return typeError("a profile object");
    case Ctx::Events: return typeError("an event object");
    case Ctx::Skip: return true;
    }
    return true;
}

// at - from, exact when both are integers.
double difference(const Number& at, const Number& from) {
    if (at.integral && from.integral && !at.negative && !from.negative && at.magnitude >= from.magnitude)
        return static_cast<double>(at.magnitude - from.magnitude);
    return at.value - from.value;
}

bool Handler::endEvent() {
    if (!event_.type || !event_.hasFrame || !event_.hasAt)
        return fail("an event needs \"type\", \"frame\" and \"at\"");
    if (!useFrame(event_.frame)) return false;
    Series& p = series();
    if (!anyEvent_) {
        p.firstAt = event_.at.value;
        anyEvent_ = true;
    } else {
        const double elapsed = difference(event_.at, lastAt_);
        if (elapsed < 0)
            return fail("events out of order: \"at\" goes back from " + std::to_string(lastAt_.value) +
                        " to " + std::to_string(event_.at.value));
        if (elapsed > 0) {
            const uint32_t id = openFrames_.empty() ? kGap : stackId(openFrames_);
            if (id == kEmptyStack) return fail("too many distinct stacks");
            p.nodes->push_back(id);
            p.values->push_back(elapsed);
        }
    }
    lastAt_ = event_.at;
    const auto frame = static_cast<uint32_t>(event_.frame);
    if (event_.type == 'O') {
        if (openFrames_.size() >= kMaxStackDepth)
            return fail("more than " + std::to_string(kMaxStackDepth) + " frames open at once");
        openFrames_.push_back(frame);
        return true;
    }
    if (openFrames_.empty()) return fail("frame " + std::to_string(frame) + " closed but none is open");
    if (openFrames_.back() != frame)
        return fail("frame " + std::to_string(frame) + " closed while frame " +
                    std::to_string(openFrames_.back()) + " is the innermost open one");
    openFrames_.pop_back();
    return true;
}

bool Handler::endProfile() {
    Series& p = series();
    if (p.type == Series::Type::Unknown) return fail("profile without a \"type\" (sampled or evented)");
    if (p.type == Series::Type::Sampled) {
        if (p.sawEvents) return fail("a sampled profile holds \"samples\", not \"events\"");
        if (p.sawWeights && p.values->size() != p.nodes->size())
            return fail(std::to_string(p.nodes->size()) + " samples but " +
                        std::to_string(p.values->size()) + " weights");
    } else {
        if (p.sawSamples) return fail("an evented profile holds \"events\", not \"samples\"");
        if (!openFrames_.empty())
            return fail("incomplete trace: " + std::to_string(openFrames_.size()) +
                        " frame(s) opened and never closed (innermost: frame " +
                        std::to_string(openFrames_.back()) + ")");
    }
    return true;
}

} // namespace

Result<Document> parseDocument(InputSource& in, const ReadOptions& options) {
    Document doc;
    JsonChunkStream input(in, options);
    Handler handler(doc, input);
    rapidjson::Reader reader;
    // Iterative: nesting costs heap (capped by the handler), never call stack.
    const rapidjson::ParseResult result = reader.Parse<rapidjson::kParseIterativeFlag>(input, handler);
    if (result.IsError()) handler.syntaxError(result.Code(), result.Offset());
    else if (!input.atEnd()) handler.trailingNul();
    if (handler.error) return *handler.error;
    if (input.error()) return *input.error();
    return doc;
}

} // namespace spyglass::speedscope
