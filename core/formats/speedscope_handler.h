#pragma once
// The SAX handler of the streaming speedscope reader (internal to speedscope_parse.cpp and
// speedscope_values.cpp): RapidJSON's events, checked against the published schema
// (https://www.speedscope.app/file-format-schema.json) as they arrive, into a Document.
//
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

#include "core/formats/hash128_map.h"
#include "core/formats/json_chunk_stream.h"
#include "core/formats/speedscope_document.h"
#include "core/formats/speedscope_pipeline.h"

#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spyglass::speedscope {

inline constexpr size_t kMaxJsonDepth = 64;

enum class Ctx : uint8_t {
    Root,
    Shared,
    Frames,
    Frame,
    Profiles,
    Profile,
    Samples,
    Stack,
    Weights,
    Events,
    Event,
    Skip
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

class SaxHandler {
  public:
    SaxHandler(Document& doc, JsonChunkStream& input, StackPipeline& stacks)
        : doc_(doc), input_(input), stacks_(stacks) {}

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
            // Most indices need no bookkeeping: below one already checked, in a stack of sane
            // depth.
            if (v < checkedFrames_ && stack_.size() < kMaxStackDepth) [[likely]] {
                stack_.push_back(static_cast<uint32_t>(v));
                return true;
            }
            return stackFrame(v);
        }
        return scalar(Kind::Number, Number{true, false, v, static_cast<double>(v)}, {});
    }
    bool Double(double v) {
        if (ctx_ == Ctx::Weights) [[likely]] { // the other hot array: what scalar() would do
            ++levels_.back().count;
            doc_.series.back().values->push_back(v);
            readWeightsFast();
            return true;
        }
        Number n{false, v < 0, 0, v};
        if (v == std::floor(v) && std::fabs(v) < 1.8e19) {
            n.integral = true;
            n.magnitude = static_cast<uint64_t>(std::fabs(v));
        }
        return scalar(Kind::Number, n, {});
    }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return fail("unexpected raw number"); }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        return scalar(Kind::String, {}, {s, n});
    }
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
    bool readFramesFast();
    void readWeightsFast();
    bool submitStack(std::span<const uint32_t> frames);
    bool endSample();
    bool endEvent();
    bool endProfile();
    Series& series() { return doc_.series.back(); }

    Document& doc_;
    JsonChunkStream& input_;
    StackPipeline& stacks_;
    std::vector<Level> levels_;
    Ctx ctx_ = Ctx::Skip;

    // The sample being read; how many stacks with frames went to the pipeline (each could be a
    // new distinct one, so below kMaxStacks none can find the distinct stacks full).
    std::vector<uint32_t> stack_;
    uint64_t checkedFrames_ = 0; // frame indices below this passed useFrame with nothing to record
    uint64_t stacksSubmitted_ = 0;

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

} // namespace spyglass::speedscope
