// The streaming half of the speedscope reader, part two: the values (frames, profiles' fields,
// stacks of samples, events), checked as they arrive.
#include "core/formats/speedscope_handler.h"

#include <cmath>

namespace spyglass::speedscope {

namespace {

// at - from, exact when both are integers.
double difference(const Number& at, const Number& from) {
    if (at.integral && from.integral && !at.negative && !from.negative &&
        at.magnitude >= from.magnitude)
        return static_cast<double>(at.magnitude - from.magnitude);
    return at.value - from.value;
}

} // namespace

bool SaxHandler::useFrame(uint64_t index) {
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
    checkedFrames_ = doc_.sawFrames ? doc_.frames.size() : doc_.maxFrameUse.index + 1;
    return true;
}

bool SaxHandler::stackFrame(uint64_t index) {
    if (!useFrame(index)) return false;
    if (stack_.size() >= kMaxStackDepth)
        return fail("stack deeper than " + std::to_string(kMaxStackDepth) + " frames");
    stack_.push_back(static_cast<uint32_t>(index));
    return true;
}

// The stack's id is found on the pipeline's worker; only when the distinct stacks could be full
// (never in a real file) is it found here, so that the error names the sample that overflowed.
bool SaxHandler::submitStack(std::span<const uint32_t> frames) {
    Series& p = series();
    ++p.stackCount;
    if (frames.empty() || ++stacksSubmitted_ < kMaxStacks) [[likely]] {
        stacks_.submit(*p.nodes, frames);
        return true;
    }
    if (stacks_.submitNow(*p.nodes, frames) == kEmptyStack) return fail("too many distinct stacks");
    return true;
}

bool SaxHandler::endSample() { return submitStack(stack_); }

bool SaxHandler::scalar(Kind kind, const Number& n, std::string_view s) {
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
        if ((k == "shared" || k == "profiles"))
            return typeError(k == "shared" ? "an object" : "an array");
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
            if (isString)
                f.file = s;
            else if (kind != Kind::Null)
                return typeError("a string");
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
            if (s == "sampled")
                p.type = Series::Type::Sampled;
            else if (s == "evented")
                p.type = Series::Type::Evented;
            else
                return fail("unsupported profile type \"" + std::string(s.substr(0, 40)) + "\"");
        } else if (k == "name") {
            if (!isString) return typeError("a string");
            p.name = s;
        } else if (k == "unit") {
            if (!isString) return typeError("a string");
            if (!parseUnit(s, p.unit))
                return fail("unknown unit \"" + std::string(s.substr(0, 40)) + "\"");
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
        readWeightsFast();
        return true;
    case Ctx::Samples:
        return typeError("an array of frame indices");
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
    case Ctx::Frames:
        return typeError("a frame object");
    case Ctx::Profiles:
        return typeError("a profile object");
    case Ctx::Events:
        return typeError("an event object");
    case Ctx::Skip:
        return true;
    }
    return true;
}

bool SaxHandler::endEvent() {
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
            return fail("events out of order: \"at\" goes back from " +
                        std::to_string(lastAt_.value) + " to " + std::to_string(event_.at.value));
        if (elapsed > 0) {
            if (openFrames_.empty()) {
                ++p.stackCount;
                stacks_.submitGap(*p.nodes);
            } else if (!submitStack(openFrames_)) {
                return false;
            }
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
    if (openFrames_.empty())
        return fail("frame " + std::to_string(frame) + " closed but none is open");
    if (openFrames_.back() != frame)
        return fail("frame " + std::to_string(frame) + " closed while frame " +
                    std::to_string(openFrames_.back()) + " is the innermost open one");
    openFrames_.pop_back();
    return true;
}

bool SaxHandler::endProfile() {
    Series& p = series();
    if (p.type == Series::Type::Unknown)
        return fail("profile without a \"type\" (sampled or evented)");
    if (p.type == Series::Type::Sampled) {
        if (p.sawEvents) return fail("a sampled profile holds \"samples\", not \"events\"");
        if (p.sawWeights && p.values->size() != p.stackCount)
            return fail(std::to_string(p.stackCount) + " samples but " +
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

} // namespace spyglass::speedscope
