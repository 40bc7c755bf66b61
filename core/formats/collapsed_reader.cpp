// Folded stacks (flamegraph.pl's collapsed format and py-spy's `raw` output):
//   frame;frame;frame COUNT
// one line a sample, root frame first. py-spy frames read `function (file:line)` or
// `function (file)`; its `process PID:"cmd"` and `thread (ID)` prefix frames are recognised: the
// thread frame becomes the sample's thread, process frames stay as Thread-kind root frames.
//
// What is skipped, and how it is told: blank lines and lines starting with '#' are comments.
// Any other line that is not `STACK COUNT` (no count, a count that is not a whole number or
// exceeds 10^15, no frame at all, a NUL byte, a stack deeper than kMaxDepth frames, a line longer
// than 32 MiB) is skipped, as flamegraph.pl and speedscope do, and one warning names the first
// such line and how many there were. A file with no valid line, or with more invalid lines than
// valid ones, is not taken for folded stacks: that is an error naming the first bad line.
// Empty frames ("a;;b", a trailing ';' as some perf scripts write) are dropped. Names that are
// not valid UTF-8 are kept with each bad byte replaced by U+FFFD.
//
// Speed: each line's stack text is hashed (XXH3-128) and looked up; only stacks not seen before
// are split into frames and interned, so a file of many repeated stacks costs little more than
// finding its newlines.
#include <cstring>
#include <memory>
#include <vector>

#include "core/formats/format_registry.h"
#include "core/formats/frame_text.h"
#include "core/formats/hash128_map.h"
#include "core/formats/line_reader.h"

namespace spyglass {

namespace {

constexpr size_t kMaxDepth = 65536;
constexpr uint64_t kMaxCount = 1'000'000'000'000'000ULL; // 10^15 per line
constexpr int64_t kMaxTotal = int64_t{1} << 62;           // queries sum weights in int64

class CollapsedParser {
public:
    CollapsedParser(std::string name) : name_(std::move(name)), profile_(std::make_unique<Profile>()) {}

    void addLine(std::string_view line, uint64_t lineNo);
    void skip(uint64_t lineNo, std::string_view reason) { skipped_.add(lineNo, reason); }
    ProfileResult finish(const ReadOptions& options);

private:
    struct KnownStack {
        StackId stack;
        ThreadIndex thread;
    };
    // Splits and interns a stack seen for the first time; false (with a reason) when invalid.
    bool parseStack(std::string_view text, KnownStack& out, std::string_view& reason);
    FrameId internFrame(std::string_view text);
    ThreadIndex defaultThread() {
        if (defaultThread_ == UINT32_MAX) defaultThread_ = profile_->threadById(0, "");
        return defaultThread_;
    }

    std::string name_;
    std::unique_ptr<Profile> profile_;
    Hash128Map stackIndex_;
    std::vector<KnownStack> stacks_;
    Hash128Map frameIndex_;
    std::vector<FrameId> frames_; // scratch
    std::string repaired_;        // scratch
    ThreadIndex defaultThread_ = UINT32_MAX;
    SkippedLines skipped_;
    uint64_t samples_ = 0;
    int64_t total_ = 0;
    // The process frames seen: one process makes the profile's pid and command line.
    int64_t pid_ = -1;
    std::string commandLine_;
    bool manyProcesses_ = false;
};

FrameId CollapsedParser::internFrame(std::string_view text) {
    const Hash128 h = hashText(text);
    if (const uint32_t known = frameIndex_.find(h); known != Hash128Map::kMissing) return known;
    std::string_view clean = text;
    if (!text::validUtf8(text)) {
        repaired_.clear();
        text::repairUtf8(text, repaired_);
        clean = repaired_;
    }
    const FrameText f = parseFrameText(clean);
    const FrameId id = profile_->internFrame(profile_->internFunction(f.name, f.file, f.kind), f.line);
    frameIndex_.insert(h, id);
    return id;
}

bool CollapsedParser::parseStack(std::string_view text, KnownStack& out, std::string_view& reason) {
    if (std::memchr(text.data(), '\0', text.size())) {
        reason = "contains a NUL byte (binary data?)";
        return false;
    }
    frames_.clear();
    ThreadIndex thread = UINT32_MAX;
    bool inPrefix = true; // process and thread frames come before the first real frame
    size_t pos = 0;
    for (;;) {
        const size_t semi = text.find(';', pos);
        const std::string_view seg =
            text.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
        if (seg.empty()) { // "a;;b", or a trailing ';' as some perf scripts write: no frame
            if (semi == std::string_view::npos) break;
            pos = semi + 1;
            continue;
        }
        if (frames_.size() >= kMaxDepth) {
            reason = "stack deeper than 65536 frames";
            return false;
        }
        bool handled = false;
        if (inPrefix) {
            int64_t pid = 0;
            std::string_view cmd;
            uint64_t tid = 0;
            std::string_view threadName;
            if (thread == UINT32_MAX && parseProcessFrame(seg, pid, cmd)) {
                frames_.push_back(profile_->internFrame(
                    profile_->internFunction(seg, "", FrameKind::Thread), 0));
                if (pid_ < 0) {
                    pid_ = pid;
                    commandLine_ = std::string(cmd);
                } else if (pid_ != pid) {
                    manyProcesses_ = true;
                }
                handled = true;
            } else if (thread == UINT32_MAX && parseThreadFrame(seg, tid, threadName)) {
                std::string clean;
                if (!text::validUtf8(threadName)) text::repairUtf8(threadName, clean);
                else clean = std::string(threadName);
                thread = profile_->threadById(tid, clean);
                if (!clean.empty() && profile_->str(profile_->thread(thread).name).empty())
                    profile_->renameThread(thread, clean);
                handled = true;
            } else {
                inPrefix = false;
            }
        }
        if (!handled) frames_.push_back(internFrame(seg));
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    if (frames_.empty() && thread == UINT32_MAX) {
        reason = "no frame names before the sample count";
        return false;
    }
    out.thread = thread == UINT32_MAX ? defaultThread() : thread;
    out.stack = frames_.empty() ? kNoStack : profile_->internStack(frames_);
    return true;
}

void CollapsedParser::addLine(std::string_view line, uint64_t lineNo) {
    line = text::trimRight(line);
    if (line.empty() || line.front() == '#') return;
    // The count: the digits after the last blank.
    size_t digits = line.size();
    while (digits > 0 && text::isDigit(line[digits - 1])) --digits;
    if (digits == line.size() || digits == 0 || !(line[digits - 1] == ' ' || line[digits - 1] == '\t')) {
        if (digits < line.size() && digits > 0 && line[digits - 1] == '.')
            return skip(lineNo, "the sample count is not a whole number");
        return skip(lineNo, "no sample count at the end of the line (expected 'frame;frame;... COUNT')");
    }
    uint64_t count = 0;
    if (!text::parseUnsigned(line.substr(digits), count) || count > kMaxCount)
        return skip(lineNo, "the sample count is out of range (at most 10^15)");
    const std::string_view stackText = text::trimRight(line.substr(0, digits - 1));
    if (stackText.empty()) return skip(lineNo, "no stack before the sample count");

    const Hash128 h = hashText(stackText);
    uint32_t index = stackIndex_.find(h);
    if (index == Hash128Map::kMissing) {
        KnownStack known{};
        std::string_view reason;
        if (!parseStack(stackText, known, reason)) return skip(lineNo, reason);
        index = static_cast<uint32_t>(stacks_.size());
        stacks_.push_back(known);
        stackIndex_.insert(h, index);
    }
    if (total_ > kMaxTotal - int64_t(count))
        return skip(lineNo, "the sample counts add up to more than 2^62");
    total_ += int64_t(count);
    const KnownStack& k = stacks_[index];
    profile_->appendSample(int64_t(samples_++), k.thread, k.stack, int64_t(count));
}

ProfileResult CollapsedParser::finish(const ReadOptions& options) {
    if (samples_ == 0) {
        if (skipped_.count() == 0) return makeError(name_ + ": no stacks in the file (it is empty)");
        return makeError(skipped_.first(name_) + "; no valid 'frame;frame;... COUNT' line in the file");
    }
    if (skipped_.count() > samples_)
        return makeError(skipped_.first(name_) + "; " + std::to_string(skipped_.count()) +
                         " of the lines are not folded stacks, only " + std::to_string(samples_) +
                         " are, so this does not look like a folded-stack file");
    skipped_.warn(name_, options);
    ProfileMetadata meta = profile_->metadata();
    meta.toolVersion = pid_ >= 0 || profile_->threadCount() > 1 ? "py-spy" : "";
    if (pid_ >= 0 && !manyProcesses_) {
        meta.pid = pid_;
        meta.commandLine = commandLine_;
    }
    profile_->setMetadata(std::move(meta));
    return std::move(profile_);
}

} // namespace

ProfileResult readCollapsed(InputSource& in, const ReadOptions& options) {
    CollapsedParser parser(in.name());
    LineReader lines(in, options);
    std::string_view line;
    for (;;) {
        switch (lines.next(line)) {
        case LineReader::Status::Line: parser.addLine(line, lines.lineNumber()); continue;
        case LineReader::Status::TooLong:
            parser.skip(lines.lineNumber(), "the line is longer than 32 MiB");
            continue;
        case LineReader::Status::Failed: return lines.error();
        case LineReader::Status::End: break;
        }
        break;
    }
    return parser.finish(options);
}

} // namespace spyglass
