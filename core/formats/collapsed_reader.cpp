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
#include "core/formats/format_registry.h"
#include "core/formats/frame_text.h"
#include "core/formats/hash128_map.h"
#include "core/formats/line_batches.h"
#include "core/formats/line_reader.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace spyglass {

namespace {

constexpr size_t kMaxDepth = 65536;
constexpr uint64_t kMaxCount = 1'000'000'000'000'000ULL; // 10^15 per line
constexpr int64_t kMaxTotal = int64_t{1} << 62;          // queries sum weights in int64

class CollapsedParser {
  public:
    explicit CollapsedParser(std::string name)
        : name_(std::move(name)), profile_(std::make_unique<Profile>()) {}

    // A batch of lines, numbered from firstLine: hashed and prefetched together, then looked up.
    void addLines(std::span<const std::string_view> lines, uint64_t firstLine);
    void skip(uint64_t lineNo, std::string_view reason) { skipped_.add(lineNo, reason); }
    ProfileResult finish(const ReadOptions& options);

  private:
    struct KnownStack {
        StackId stack;
        ThreadIndex thread;
    };
    struct Pending {
        std::string_view stack;
        uint64_t count;
        Hash128 hash;
        uint32_t index; // into stacks_
    };
    struct Segment {
        std::string_view text;
        bool process;
    };
    // Splits the text before the count; false (with a reason) when the line is not valid.
    bool splitLine(std::string_view line, Pending& out, std::string_view& reason) const;
    // Interns a stack seen for the first time; false (with a reason) when invalid.
    bool parseStack(std::string_view text, KnownStack& out, std::string_view& reason);
    FrameId internFrame(std::string_view text, bool process);
    ThreadIndex defaultThread() {
        if (defaultThread_ == UINT32_MAX) defaultThread_ = profile_->threadById(0, "");
        return defaultThread_;
    }

    std::string name_;
    std::unique_ptr<Profile> profile_;
    Hash128Map stackIndex_; // whole stack text (thread frame included) -> stacks_ index
    std::vector<KnownStack> stacks_;
    Hash128Map prefixIndex_;          // chainHash of the first k frames -> StackId
    Hash128Map frameIndex_;           // one frame's text -> FrameId
    std::vector<Segment> segments_;   // scratch
    std::vector<Hash128> prefixKeys_; // scratch
    std::vector<Pending> pending_;    // scratch
    std::vector<uint8_t> valid_;      // scratch
    std::string repaired_;            // scratch
    ThreadIndex defaultThread_ = UINT32_MAX;
    bool framesAliased_ = false;
    SkippedLines skipped_;
    uint64_t samples_ = 0;
    int64_t total_ = 0;
    // The process frames seen: one process makes the profile's pid and command line.
    int64_t pid_ = -1;
    std::string commandLine_;
    bool manyProcesses_ = false;
};

FrameId CollapsedParser::internFrame(std::string_view text, bool process) {
    Hash128 h = hashText(text);
    if (process) h.low ^= 0x9E3779B97F4A7C15ULL; // the same text as a normal frame is another frame
    if (const uint32_t known = frameIndex_.find(h); known != Hash128Map::kMissing) return known;
    std::string_view clean = text;
    if (!text::validUtf8(text)) {
        repaired_.clear();
        text::repairUtf8(text, repaired_);
        clean = repaired_;
    }
    const size_t before = profile_->frameCount();
    FrameId id;
    if (process) {
        id = profile_->internFrame(profile_->internFunction(clean, "", FrameKind::Thread), 0);
    } else {
        const FrameText f = parseFrameText(clean);
        id = profile_->internFrame(profile_->internFunction(f.name, f.file, f.kind), f.line);
    }
    // Two texts for one frame ("f (a.py:01)" and "f (a.py:1)", or names repaired to the same
    // UTF-8): then equal frame sequences can have unequal prefix keys, and new trie nodes must be
    // checked against the model's index from now on.
    if (id < before) framesAliased_ = true;
    frameIndex_.insert(h, id);
    return id;
}

bool CollapsedParser::parseStack(std::string_view text, KnownStack& out, std::string_view& reason) {
    if (std::memchr(text.data(), '\0', text.size())) {
        reason = "contains a NUL byte (binary data?)";
        return false;
    }
    // Split first, so nothing is interned for a stack that turns out invalid.
    segments_.clear();
    ThreadIndex thread = UINT32_MAX;
    bool inPrefix = true; // process and thread frames come before the first real frame
    for (size_t pos = 0; pos <= text.size();) {
        size_t semi = text.find(';', pos);
        if (semi == std::string_view::npos) semi = text.size();
        const std::string_view seg = text.substr(pos, semi - pos);
        pos = semi + 1;
        if (seg.empty()) continue; // "a;;b", or a trailing ';' as some perf scripts write
        if (inPrefix && thread == UINT32_MAX) {
            int64_t pid = 0;
            std::string_view cmd;
            uint64_t tid = 0;
            std::string_view threadName;
            if (parseProcessFrame(seg, pid, cmd)) {
                segments_.push_back({seg, true});
                if (pid_ < 0) {
                    pid_ = pid;
                    commandLine_ = std::string(cmd);
                } else if (pid_ != pid) {
                    manyProcesses_ = true;
                }
                continue;
            }
            if (parseThreadFrame(seg, tid, threadName)) {
                std::string clean;
                if (!text::validUtf8(threadName))
                    text::repairUtf8(threadName, clean);
                else
                    clean = std::string(threadName);
                thread = profile_->threadById(tid, clean);
                if (!clean.empty() && profile_->str(profile_->thread(thread).name).empty())
                    profile_->renameThread(thread, clean);
                continue;
            }
        }
        inPrefix = false;
        segments_.push_back({seg, false});
        if (segments_.size() > kMaxDepth) {
            reason = "stack deeper than 65536 frames";
            return false;
        }
    }
    if (segments_.empty() && thread == UINT32_MAX) {
        reason = "no frame names before the sample count";
        return false;
    }
    out.thread = thread == UINT32_MAX ? defaultThread() : thread;
    // Find the longest prefix interned already (a binary search over prefix keys: each known
    // prefix has all its shorter prefixes known), then intern the frames below it.
    const size_t n = segments_.size();
    prefixKeys_.resize(n);
    Hash128 key;
    for (size_t i = 0; i < n; ++i)
        prefixKeys_[i] = key = chainHash(key, segments_[i].text);
    size_t known = 0, hi = n;
    StackId node = kNoStack;
    while (known < hi) {
        const size_t mid = (known + hi + 1) / 2;
        const uint32_t found = prefixIndex_.find(prefixKeys_[mid - 1]);
        if (found != Hash128Map::kMissing) {
            known = mid;
            node = found;
        } else {
            hi = mid - 1;
        }
    }
    for (size_t i = known; i < n; ++i) {
        const FrameId frame = internFrame(segments_[i].text, segments_[i].process);
        // Every node this reader made is in prefixIndex_, so a prefix missing there is a new node
        // and needs no lookup in the model's trie index (unless frame texts alias, see above).
        node = framesAliased_ ? profile_->internChild(node, frame)
                              : profile_->appendStackUnchecked(node, frame);
        prefixIndex_.insert(prefixKeys_[i], node);
    }
    out.stack = node;
    return true;
}

bool CollapsedParser::splitLine(std::string_view line, Pending& out,
                                std::string_view& reason) const {
    // The count: the digits after the last blank.
    size_t digits = line.size();
    while (digits > 0 && text::isDigit(line[digits - 1]))
        --digits;
    if (digits == line.size() || digits == 0 ||
        !(line[digits - 1] == ' ' || line[digits - 1] == '\t')) {
        reason = digits < line.size() && digits > 0 && line[digits - 1] == '.'
                     ? "the sample count is not a whole number"
                     : "no sample count at the end of the line (expected 'frame;frame;... COUNT')";
        return false;
    }
    if (!text::parseUnsigned(line.substr(digits), out.count) || out.count > kMaxCount) {
        reason = "the sample count is out of range (at most 10^15)";
        return false;
    }
    out.stack = text::trimRight(line.substr(0, digits - 1));
    if (out.stack.empty()) {
        reason = "no stack before the sample count";
        return false;
    }
    return true;
}

void CollapsedParser::addLines(std::span<const std::string_view> lines, uint64_t firstLine) {
    // Pass 1: split, hash and prefetch each line's slot, so the lookups of pass 2 find the table
    // in cache instead of waiting on memory one line at a time.
    pending_.resize(lines.size());
    valid_.assign(lines.size(), 0);
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = text::trimRight(lines[i]);
        if (line.empty() || line.front() == '#') continue; // blank or comment
        std::string_view reason;
        if (!splitLine(line, pending_[i], reason)) {
            skip(firstLine + i, reason);
            continue;
        }
        pending_[i].hash = hashText(pending_[i].stack);
        stackIndex_.prefetch(pending_[i].hash);
        valid_[i] = 1;
    }
    // Pass 2: look up (or parse) each stack; pass 3: append the samples in file order.
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!valid_[i]) continue;
        Pending& p = pending_[i];
        uint32_t index = stackIndex_.find(p.hash);
        if (index == Hash128Map::kMissing) {
            KnownStack known{};
            std::string_view reason;
            if (!parseStack(p.stack, known, reason)) {
                skip(firstLine + i, reason);
                valid_[i] = 0;
                continue;
            }
            index = static_cast<uint32_t>(stacks_.size());
            stacks_.push_back(known);
            stackIndex_.insert(p.hash, index);
        }
        p.index = index;
        __builtin_prefetch(&stacks_[index]);
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!valid_[i]) continue;
        const Pending& p = pending_[i];
        if (total_ > kMaxTotal - int64_t(p.count)) {
            skip(firstLine + i, "the sample counts add up to more than 2^62");
            continue;
        }
        total_ += int64_t(p.count);
        const KnownStack& k = stacks_[p.index];
        profile_->appendSample(int64_t(samples_++), k.thread, k.stack, int64_t(p.count));
    }
}

ProfileResult CollapsedParser::finish(const ReadOptions& options) {
    if (samples_ == 0) {
        if (skipped_.count() == 0)
            return makeError(name_ + ": no stacks in the file (it is empty)");
        return makeError(skipped_.first(name_) +
                         "; no valid 'frame;frame;... COUNT' line in the file");
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

namespace {

constexpr size_t kBatch = 32; // lines hashed and prefetched together
constexpr const char* kTooLong = "the line is longer than 32 MiB";

ProfileResult readSerially(InputSource& in, const ReadOptions& options) {
    CollapsedParser parser(in.name());
    LineReader reader(in, options);
    std::string_view batch[kBatch];
    for (;;) {
        const LineReader::Status status = reader.next(batch[0]);
        if (status == LineReader::Status::End) break;
        if (status == LineReader::Status::Failed) return reader.error();
        if (status == LineReader::Status::TooLong) {
            parser.skip(reader.lineNumber(), kTooLong);
            continue;
        }
        const uint64_t first = reader.lineNumber();
        size_t n = 1;
        while (n < kBatch && reader.nextBuffered(batch[n]))
            ++n;
        parser.addLines(std::span<const std::string_view>(batch, n), first);
    }
    return parser.finish(options);
}

// Large files: a second thread reads and splits lines while this one builds the profile.
ProfileResult readInBackground(InputSource& in, const ReadOptions& options) {
    CollapsedParser parser(in.name());
    BackgroundLines lines(in, options);
    std::string_view views[kBatch];
    const double size = double(in.size());
    for (;;) {
        LineBatch* b = lines.next();
        size_t n = 0, begin = 0;
        uint64_t first = 0, lineNo = b->firstLine;
        for (size_t i = 0; i < b->ends.size(); ++i, ++lineNo) {
            if (b->ends[i] == LineBatch::kTooLong) {
                if (n) parser.addLines(std::span<const std::string_view>(views, n), first);
                n = 0;
                parser.skip(lineNo, kTooLong);
                continue;
            }
            if (n == 0) first = lineNo;
            views[n++] = std::string_view(b->text.data() + begin, b->ends[i] - begin);
            begin = b->ends[i];
            if (n == kBatch) {
                parser.addLines(std::span<const std::string_view>(views, n), first);
                n = 0;
            }
        }
        if (n) parser.addLines(std::span<const std::string_view>(views, n), first);
        const bool last = b->last;
        const Error error = b->error;
        const uint64_t bytes = b->bytesRead;
        lines.recycle(b);
        if (!error.message.empty()) return error;
        if (options.progress && !options.progress(std::min(1.0, double(bytes) / size)))
            return makeError(in.name() + ": reading cancelled", ErrorKind::Cancelled);
        if (last) break;
    }
    return parser.finish(options);
}

} // namespace

ProfileResult readCollapsed(InputSource& in, const ReadOptions& options) {
    // Below this the thread is not worth starting (and tests and fuzzers stay single-threaded).
    constexpr uint64_t kBackgroundFrom = 32u << 20;
    return in.size() >= kBackgroundFrom ? readInBackground(in, options) : readSerially(in, options);
}

} // namespace spyglass
