// The streaming half of the speedscope reader, part one: units, the document's structure (which
// container is what, by key) and the parse itself. Values are in speedscope_values.cpp.
#include "core/formats/speedscope_handler.h"

#include <cmath>

namespace spyglass::speedscope {

bool parseUnit(std::string_view n, Unit& unit) {
    static constexpr std::pair<std::string_view, Unit> kUnits[] = {
        {"none", Unit::None},
        {"nanoseconds", Unit::Nanoseconds},
        {"microseconds", Unit::Microseconds},
        {"milliseconds", Unit::Milliseconds},
        {"seconds", Unit::Seconds},
        {"bytes", Unit::Bytes}};
    for (auto [name, u] : kUnits)
        if (name == n) {
            unit = u;
            return true;
        }
    return false;
}

bool isTimeUnit(Unit u) {
    return u != Unit::None && u != Unit::Bytes;
}

double unitScale(Unit u) {
    switch (u) {
    case Unit::Microseconds:
        return 1e3;
    case Unit::Milliseconds:
        return 1e6;
    case Unit::Seconds:
        return 1e9;
    default:
        return 1;
    }
}

Ctx SaxHandler::childContext(bool isArray, bool& wrongType) {
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
    case Ctx::Shared:
        return k == "frames" ? want(Ctx::Frames, true) : Ctx::Skip;
    case Ctx::Frames:
        return want(Ctx::Frame, false);
    case Ctx::Profiles:
        return want(Ctx::Profile, false);
    case Ctx::Profile:
        if (k == "samples") return want(Ctx::Samples, true);
        if (k == "weights") return want(Ctx::Weights, true);
        if (k == "events") return want(Ctx::Events, true);
        if (k == "type" || k == "name" || k == "unit" || k == "startValue" || k == "endValue")
            wrongType = true;
        return Ctx::Skip;
    case Ctx::Samples:
        return want(Ctx::Stack, true);
    case Ctx::Events:
        return want(Ctx::Event, false);
    case Ctx::Frame:
    case Ctx::Event:
        wrongType =
            k == "name" || k == "file" || k == "line" || k == "frame" || k == "at" || k == "type";
        return Ctx::Skip;
    case Ctx::Stack:
    case Ctx::Weights:
        wrongType = true;
        return Ctx::Skip;
    case Ctx::Skip:
        return Ctx::Skip;
    }
    return Ctx::Skip;
}

bool SaxHandler::StartObject() {
    bool wrong = false;
    const Ctx c = childContext(false, wrong);
    if (wrong)
        return fail(levels_.empty() ? "a speedscope file is a JSON object"
                                    : "unexpected object here");
    if (c == Ctx::Frame) doc_.frames.emplace_back();
    if (c == Ctx::Profile) {
        doc_.series.emplace_back();
        anyEvent_ = false;
        openFrames_.clear();
    }
    if (c == Ctx::Event) event_ = Event{};
    return push(c, false);
}

bool SaxHandler::StartArray() {
    bool wrong = false;
    const Ctx c = childContext(true, wrong);
    if (wrong)
        return fail(levels_.empty() ? "a speedscope file is a JSON object"
                                    : "unexpected array here");
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
    if (c == Ctx::Profiles) doc_.sawProfiles = true;
    if (c == Ctx::Stack) {
        stack_.clear();
        return push(c, true) && readFramesFast();
    }
    return push(c, true);
}

bool SaxHandler::EndObject(rapidjson::SizeType) {
    const Ctx c = ctx_;
    bool ok = true;
    if (c == Ctx::Frame && !doc_.frames.back().hasName) ok = fail("frame without a \"name\"");
    if (c == Ctx::Event) ok = endEvent();
    if (c == Ctx::Profile) ok = endProfile();
    pop();
    return ok;
}

bool SaxHandler::EndArray(rapidjson::SizeType) {
    const Ctx c = ctx_;
    bool ok = true;
    if (c == Ctx::Stack) ok = endSample();
    if (c == Ctx::Frames) {
        doc_.sawFrames = true;
        checkedFrames_ = 0; // from now on indices are checked against the frames
    }
    pop();
    return ok;
}

Result<Document> parseDocument(InputSource& in, const ReadOptions& options) {
    Document doc;
    JsonChunkStream input(in, options);
    StackPipeline stacks(doc.stacks); // declared after doc: stopped before doc goes away
    SaxHandler handler(doc, input, stacks);
    rapidjson::Reader reader;
    // Recursive, not RapidJSON's iterative mode (a quarter slower on number arrays): the call
    // stack stays bounded, as the handler refuses a container past kMaxJsonDepth levels in its
    // StartObject/StartArray, before the parser descends into it.
    const rapidjson::ParseResult result =
        reader.Parse<rapidjson::kParseDefaultFlags>(input, handler);
    if (result.IsError())
        handler.syntaxError(result.Code(), result.Offset());
    else if (!input.atEnd())
        handler.trailingNul();
    if (handler.error) return *handler.error;
    if (input.error()) return *input.error();
    stacks.finish();
    return doc;
}

} // namespace spyglass::speedscope
