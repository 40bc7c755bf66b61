// Austin 3.x text output:
//   # austin: 3.7.0          metadata lines, before and after the samples
//   # interval: 1000
//   # mode: wall             wall | cpu | memory | full
//   P<pid>;T<iid>:<tid>;<file>:<function>:<line>;... <metrics>
//   # duration: 3032619
// Frames run root first; a file name may itself hold ':' so a frame is split from the right.
// Metrics: one number (µs of wall or CPU time; a signed RSS delta in bytes in memory mode) or, in
// full mode, `time,idle,rss_delta`. They become the profile's metrics:
//   wall, cpu: "wall"/"cpu" in ns;  memory: "alloc" and "free" in bytes (the positive and the
//   negated negative deltas);  full: "wall", "cpu" (wall time of non-idle samples), "alloc",
//   "free", and the idle flag on the sample.
// A sample's timestamp is the running sum of its thread's time deltas (the sample interval times
// its index in memory mode, which carries no time). Samples with no frames (a thread outside
// Python) keep no stack. `:INVALID:` frames (Austin could not read the frame) become a frame
// named "<invalid frame>", `:GC:` one named "<garbage collection>".
// Invalid lines are skipped and named in one warning, as for folded stacks; no sample at all, or
// more bad lines than good ones, is an error naming the first bad line.
#include "core/formats/format_registry.h"
#include "core/formats/frame_text.h"
#include "core/formats/hash128_map.h"
#include "core/formats/line_reader.h"

#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace spyglass {

namespace {

constexpr uint64_t kMaxTimeUs = 1'000'000'000'000ULL; // 11.6 days in one sample
constexpr uint64_t kMaxBytes = 1'000'000'000'000'000ULL;
constexpr size_t kMaxDepth = 65536;

enum class Mode { Unknown, Wall, Cpu, Memory, Full };

class AustinParser {
  public:
    explicit AustinParser(std::string name) : name_(std::move(name)) {}
    void addLine(std::string_view line, uint64_t lineNo);
    void skip(uint64_t lineNo, std::string_view reason) { skipped_.add(lineNo, reason); }
    ProfileResult finish(const ReadOptions& options);

  private:
    void metadataLine(std::string_view line);
    void createProfile(std::string_view firstMetrics);
    bool parseMetrics(std::string_view text, int64_t (&weights)[4], uint8_t& flags, int64_t& timeUs,
                      std::string_view& reason) const;
    bool parseStack(std::string_view text, StackId& stack, std::string_view& reason);
    ThreadIndex thread(uint64_t iid, uint64_t tid);

    std::string name_;
    std::unique_ptr<Profile> profile_;
    ProfileMetadata meta_;
    Mode mode_ = Mode::Unknown;
    int64_t intervalUs_ = 0;
    Hash128Map stackIndex_; // frames text -> StackId
    Hash128Map frameIndex_; // one frame's text -> FrameId
    std::vector<FrameId> frames_;
    std::vector<int64_t> threadClockNs_;
    std::string repaired_;
    SkippedLines skipped_;
    uint64_t samples_ = 0;
};

void AustinParser::metadataLine(std::string_view line) {
    line.remove_prefix(1);
    while (!line.empty() && line.front() == ' ')
        line.remove_prefix(1);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return; // a plain comment
    const std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    uint64_t number = 0;
    if (key == "austin") {
        meta_.toolVersion = "austin " + std::string(value);
    } else if (key == "interval" && text::parseUnsigned(value, number) && number > 0) {
        intervalUs_ = int64_t(number);
        meta_.samplingRateHz = 1e6 / double(number);
    } else if (key == "mode" && !profile_) {
        if (value == "wall")
            mode_ = Mode::Wall;
        else if (value == "cpu")
            mode_ = Mode::Cpu;
        else if (value == "memory")
            mode_ = Mode::Memory;
        else if (value == "full")
            mode_ = Mode::Full;
    } else if (key == "python") {
        meta_.pythonVersion = std::string(value);
    } else if (key == "duration" && text::parseUnsigned(value, number) && number <= kMaxTimeUs) {
        meta_.durationNs = int64_t(number) * 1000;
    }
}

void AustinParser::createProfile(std::string_view firstMetrics) {
    if (mode_ == Mode::Unknown) // no header: full mode has three numbers, else take it for wall
        mode_ = firstMetrics.find(',') != std::string_view::npos ? Mode::Full : Mode::Wall;
    std::vector<Metric> metrics;
    switch (mode_) {
    case Mode::Cpu:
        metrics = {{"cpu", MetricUnit::Nanoseconds}};
        break;
    case Mode::Memory:
        metrics = {{"alloc", MetricUnit::Bytes}, {"free", MetricUnit::Bytes}};
        break;
    case Mode::Full:
        metrics = {{"wall", MetricUnit::Nanoseconds},
                   {"cpu", MetricUnit::Nanoseconds},
                   {"alloc", MetricUnit::Bytes},
                   {"free", MetricUnit::Bytes}};
        break;
    default:
        metrics = {{"wall", MetricUnit::Nanoseconds}};
        break;
    }
    profile_ = std::make_unique<Profile>(std::move(metrics));
}

bool AustinParser::parseMetrics(std::string_view text, int64_t (&w)[4], uint8_t& flags,
                                int64_t& timeUs, std::string_view& reason) const {
    auto signedValue = [](std::string_view s, int64_t& v) {
        const bool negative = !s.empty() && s.front() == '-';
        if (negative) s.remove_prefix(1);
        uint64_t u = 0;
        if (!text::parseUnsigned(s, u) || u > kMaxBytes) return false;
        v = negative ? -int64_t(u) : int64_t(u);
        return true;
    };
    uint64_t time = 0;
    int64_t mem = 0;
    flags = 0;
    timeUs = 0;
    switch (mode_) {
    case Mode::Wall:
    case Mode::Cpu:
        if (!text::parseUnsigned(text, time) || time > kMaxTimeUs) break;
        w[0] = int64_t(time) * 1000;
        timeUs = int64_t(time);
        return true;
    case Mode::Memory:
        if (!signedValue(text, mem)) break;
        w[0] = mem > 0 ? mem : 0;
        w[1] = mem < 0 ? -mem : 0;
        return true;
    case Mode::Full: {
        const size_t c1 = text.find(',');
        const size_t c2 = c1 == std::string_view::npos ? c1 : text.find(',', c1 + 1);
        if (c2 == std::string_view::npos) {
            reason = "full mode wants three metrics 'time,idle,memory'";
            return false;
        }
        const std::string_view idle = text.substr(c1 + 1, c2 - c1 - 1);
        if (!text::parseUnsigned(text.substr(0, c1), time) || time > kMaxTimeUs ||
            (idle != "0" && idle != "1") || !signedValue(text.substr(c2 + 1), mem))
            break;
        const bool isIdle = idle == "1";
        w[0] = int64_t(time) * 1000;
        w[1] = isIdle ? 0 : w[0];
        w[2] = mem > 0 ? mem : 0;
        w[3] = mem < 0 ? -mem : 0;
        flags = isIdle ? kSampleIdle : 0;
        timeUs = int64_t(time);
        return true;
    }
    case Mode::Unknown:
        break;
    }
    reason = "the metric at the end of the line is not a number in range";
    return false;
}

ThreadIndex AustinParser::thread(uint64_t iid, uint64_t tid) {
    // Sub-interpreters can share an OS thread: keep them apart in the id's top bits.
    const uint64_t id = iid == 0 ? tid : (tid ^ (iid << 48));
    const ThreadIndex t =
        profile_->threadById(id, iid == 0 ? "" : "interpreter " + std::to_string(iid));
    if (t >= threadClockNs_.size()) threadClockNs_.resize(t + 1, 0);
    return t;
}

bool AustinParser::parseStack(std::string_view text, StackId& stack, std::string_view& reason) {
    const Hash128 h = hashText(text);
    if (const uint32_t known = stackIndex_.find(h); known != Hash128Map::kMissing) {
        stack = known;
        return true;
    }
    if (std::memchr(text.data(), '\0', text.size())) {
        reason = "contains a NUL byte (binary data?)";
        return false;
    }
    frames_.clear();
    for (size_t pos = 0; pos < text.size();) {
        size_t semi = text.find(';', pos);
        if (semi == std::string_view::npos) semi = text.size();
        const std::string_view seg = text.substr(pos, semi - pos);
        pos = semi + 1;
        if (frames_.size() >= kMaxDepth) {
            reason = "stack deeper than 65536 frames";
            return false;
        }
        const Hash128 fh = hashText(seg);
        if (const uint32_t f = frameIndex_.find(fh); f != Hash128Map::kMissing) {
            frames_.push_back(f);
            continue;
        }
        std::string_view name, file;
        uint32_t line = 0;
        FrameKind kind = FrameKind::Python;
        if (seg == ":INVALID:") {
            name = "<invalid frame>";
            kind = FrameKind::Other;
        } else if (seg == ":GC:") {
            name = "<garbage collection>";
            kind = FrameKind::Other;
        } else {
            // FILE:FUNCTION:LINE, split from the right (Windows paths hold ':').
            const size_t c2 = seg.rfind(':');
            const size_t c1 = c2 == 0 || c2 == std::string_view::npos ? std::string_view::npos
                                                                      : seg.rfind(':', c2 - 1);
            uint64_t number = 0;
            if (c1 == std::string_view::npos || c1 == 0 || c2 == c1 + 1 ||
                !text::parseUnsigned(seg.substr(c2 + 1), number) || number > UINT32_MAX) {
                reason = "a frame is not FILE:FUNCTION:LINE";
                return false;
            }
            file = seg.substr(0, c1);
            name = seg.substr(c1 + 1, c2 - c1 - 1);
            line = static_cast<uint32_t>(number);
            kind = file == "kernel" ? FrameKind::Native : frameKindOfFile(file);
        }
        std::string fileText(file), nameText(name);
        if (!text::validUtf8(fileText)) {
            repaired_.clear();
            text::repairUtf8(fileText, repaired_);
            fileText = repaired_;
        }
        if (!text::validUtf8(nameText)) {
            repaired_.clear();
            text::repairUtf8(nameText, repaired_);
            nameText = repaired_;
        }
        const FrameId f =
            profile_->internFrame(profile_->internFunction(nameText, fileText, kind), line);
        frameIndex_.insert(fh, f);
        frames_.push_back(f);
    }
    stack = profile_->internStack(frames_);
    stackIndex_.insert(h, stack);
    return true;
}

void AustinParser::addLine(std::string_view line, uint64_t lineNo) {
    line = text::trimRight(line);
    if (line.empty()) return;
    if (line.front() == '#') return metadataLine(line);
    const size_t space = line.rfind(' ');
    if (space == std::string_view::npos || line.front() != 'P')
        return skip(lineNo,
                    "not an Austin sample line (expected 'P<pid>;T<iid>:<tid>;frames... metrics')");
    const std::string_view metrics = line.substr(space + 1);
    std::string_view head = text::trimRight(line.substr(0, space));
    // P<pid>;T<iid>:<tid>
    const size_t semi = head.find(';');
    uint64_t pid = 0, iid = 0, tid = 0;
    if (semi == std::string_view::npos || !text::parseUnsigned(head.substr(1, semi - 1), pid) ||
        head.substr(semi + 1, 1) != "T")
        return skip(lineNo, "no 'P<pid>;T<iid>:<tid>' at the start of the line");
    head.remove_prefix(semi + 2);
    const size_t end = std::min(head.find(';'), head.size());
    const std::string_view threadText = head.substr(0, end);
    const size_t colon = threadText.find(':');
    const bool threadOk =
        colon == std::string_view::npos
            ? text::parseId(threadText, tid)
            : text::parseUnsigned(threadText.substr(0, colon), iid) &&
                  (text::parseUnsigned(threadText.substr(colon + 1), tid) ||
                   text::parseId("0x" + std::string(threadText.substr(colon + 1)), tid));
    if (!threadOk) return skip(lineNo, "the thread in 'T<iid>:<tid>' is not a number");
    const std::string_view framesText =
        end < head.size() ? head.substr(end + 1) : std::string_view{};

    if (!profile_) createProfile(metrics);
    int64_t weights[4] = {0, 0, 0, 0};
    uint8_t flags = 0;
    int64_t timeUs = 0;
    std::string_view reason;
    if (!parseMetrics(metrics, weights, flags, timeUs, reason)) return skip(lineNo, reason);
    StackId stack = kNoStack;
    if (!framesText.empty() && !parseStack(framesText, stack, reason)) return skip(lineNo, reason);

    if (samples_ == 0) meta_.pid = int64_t(pid);
    const ThreadIndex t = thread(iid, tid);
    int64_t timeNs;
    if (mode_ == Mode::Memory) {
        timeNs = int64_t(samples_) * (intervalUs_ > 0 ? intervalUs_ : 100) * 1000;
    } else {
        threadClockNs_[t] += timeUs * 1000;
        timeNs = threadClockNs_[t];
    }
    SampleInput s;
    s.timeNs = timeNs;
    s.thread = t;
    s.stack = stack;
    s.flags = flags;
    s.weights = std::span<const int64_t>(weights, profile_->metrics().size());
    profile_->appendSample(s);
    ++samples_;
}

ProfileResult AustinParser::finish(const ReadOptions& options) {
    if (samples_ == 0) {
        if (skipped_.count() == 0) return makeError(name_ + ": the Austin file holds no samples");
        return makeError(skipped_.first(name_) + "; no valid Austin sample line in the file");
    }
    if (skipped_.count() > samples_)
        return makeError(skipped_.first(name_) + "; " + std::to_string(skipped_.count()) +
                         " lines are not Austin samples, only " + std::to_string(samples_) +
                         " are");
    skipped_.warn(name_, options);
    profile_->setMetadata(meta_);
    return std::move(profile_);
}

} // namespace

ProfileResult readAustin(InputSource& in, const ReadOptions& options) {
    AustinParser parser(in.name());
    LineReader reader(in, options);
    std::string_view line;
    for (;;) {
        switch (reader.next(line)) {
        case LineReader::Status::Line:
            parser.addLine(line, reader.lineNumber());
            continue;
        case LineReader::Status::TooLong:
            parser.skip(reader.lineNumber(), "the line is longer than 32 MiB");
            continue;
        case LineReader::Status::Failed:
            return reader.error();
        case LineReader::Status::End:
            break;
        }
        break;
    }
    return parser.finish(options);
}

} // namespace spyglass
