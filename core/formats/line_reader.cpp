#include "core/formats/line_reader.h"

#include "core/formats/utf8.h"

#include <algorithm>
#include <cstring>

namespace spyglass {

namespace {
constexpr size_t kChunk = 4u << 20;           // one read from the source
constexpr uint64_t kProgressEvery = 4u << 20; // bytes between progress calls
} // namespace

LineReader::LineReader(InputSource& in, const ReadOptions& options, size_t maxLineBytes)
    : in_(in), options_(options), maxLine_(maxLineBytes) {}

LineReader::~LineReader() = default;

bool LineReader::readRaw(char* dst, size_t n, size_t& got) {
    got = 0;
    auto r = in_.read(dst, n);
    if (!r) {
        error_ = r.error();
        return false;
    }
    got = *r;
    consumed_ += got;
    if (options_.progress && consumed_ >= nextProgress_) {
        nextProgress_ = consumed_ + kProgressEvery;
        const uint64_t total = in_.size();
        const double share = total ? std::min(1.0, double(consumed_) / double(total)) : 0.0;
        if (!options_.progress(share)) {
            error_ = makeError(in_.name() + ": reading cancelled", ErrorKind::Cancelled);
            return false;
        }
    }
    return true;
}

void LineReader::start() {
    started_ = true;
    cap_ = std::max<size_t>(64, std::min(kChunk, maxLine_ + 16));
    buf_ = std::make_unique<char[]>(cap_);
    // Look at the first bytes for a byte-order mark.
    unsigned char head[3];
    size_t have = 0;
    while (have < 3) {
        size_t got = 0;
        if (!readRaw(reinterpret_cast<char*>(head) + have, 3 - have, got)) return;
        if (got == 0) break;
        have += got;
    }
    size_t skip = 0;
    if (have >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
        encoding_ = Encoding::Utf16Le;
        skip = 2;
    } else if (have >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
        encoding_ = Encoding::Utf16Be;
        skip = 2;
    } else if (have == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
        skip = 3;
    }
    if (encoding_ == Encoding::Utf8) {
        std::memcpy(buf_.get(), head + skip, have - skip);
        end_ = have - skip;
    } else {
        raw_ = std::make_unique<unsigned char[]>(kChunk);
        std::memcpy(raw_.get(), head + skip, have - skip);
        rawLen_ = have - skip;
    }
}

namespace {
char* putUtf8(char* out, uint32_t cp) {
    if (cp < 0x80) {
        *out++ = char(cp);
    } else if (cp < 0x800) {
        *out++ = char(0xC0 | (cp >> 6));
        *out++ = char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = char(0xE0 | (cp >> 12));
        *out++ = char(0x80 | ((cp >> 6) & 0x3F));
        *out++ = char(0x80 | (cp & 0x3F));
    } else {
        *out++ = char(0xF0 | (cp >> 18));
        *out++ = char(0x80 | ((cp >> 12) & 0x3F));
        *out++ = char(0x80 | ((cp >> 6) & 0x3F));
        *out++ = char(0x80 | (cp & 0x3F));
    }
    return out;
}
} // namespace

size_t LineReader::transcodeUtf16(const unsigned char* src, size_t n, char* dst) {
    char* out = dst;
    const bool le = encoding_ == Encoding::Utf16Le;
    for (size_t i = 0; i + 1 < n; i += 2) {
        const uint32_t u = le ? (src[i] | (src[i + 1] << 8)) : ((src[i] << 8) | src[i + 1]);
        if (pendingHighSurrogate_) {
            const uint32_t high = pendingHighSurrogate_;
            pendingHighSurrogate_ = 0;
            if (u >= 0xDC00 && u <= 0xDFFF) {
                out = putUtf8(out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
                continue;
            }
            out = putUtf8(out, 0xFFFD); // a lone high surrogate
        }
        if (u >= 0xD800 && u <= 0xDBFF)
            pendingHighSurrogate_ = u;
        else if (u >= 0xDC00 && u <= 0xDFFF)
            out = putUtf8(out, 0xFFFD);
        else
            out = putUtf8(out, u);
    }
    return size_t(out - dst);
}

// Adds input behind the unconsumed bytes. Returns false at the end of input (or on error), and
// true with no new bytes only when the buffer cannot grow: the line is too long.
bool LineReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    constexpr size_t kMinRoom = 16;
    if (cap_ - end_ < kMinRoom) {
        const size_t next = std::min(cap_ * 2, maxLine_ + kMinRoom * 2);
        if (next > cap_) {
            auto bigger = std::make_unique<char[]>(next);
            std::memcpy(bigger.get(), buf_.get(), end_);
            buf_ = std::move(bigger);
            cap_ = next;
        }
        if (cap_ - end_ < kMinRoom) return true;
    }
    const size_t room = cap_ - end_;
    size_t got = 0;
    if (encoding_ == Encoding::Utf8) {
        if (!readRaw(buf_.get() + end_, std::min(room, kChunk), got)) return false;
        if (got == 0) eof_ = true;
        end_ += got;
        return got > 0;
    }
    // UTF-16 turns 2 input bytes into at most 3 output bytes (a surrogate pair: 4 into 4).
    const size_t want = std::min(kChunk, (room / 3) * 2) & ~size_t(1);
    while (rawLen_ < 2) {
        if (!readRaw(reinterpret_cast<char*>(raw_.get()) + rawLen_, want - rawLen_, got))
            return false;
        if (got == 0) {
            eof_ = true;
            if (pendingHighSurrogate_ || rawLen_ == 1) { // a cut-off last character
                pendingHighSurrogate_ = 0;
                rawLen_ = 0;
                end_ = size_t(putUtf8(buf_.get() + end_, 0xFFFD) - buf_.get());
                return true;
            }
            return false;
        }
        rawLen_ += got;
    }
    if (rawLen_ < want) {
        if (!readRaw(reinterpret_cast<char*>(raw_.get()) + rawLen_, want - rawLen_, got))
            return false;
        rawLen_ += got;
    }
    const size_t use = std::min(rawLen_, want) & ~size_t(1);
    end_ += transcodeUtf16(raw_.get(), use, buf_.get() + end_);
    std::memmove(raw_.get(), raw_.get() + use, rawLen_ - use);
    rawLen_ -= use;
    return true;
}

LineReader::Status LineReader::next(std::string_view& line) {
    if (!started_) {
        start();
        if (!error_.message.empty()) return Status::Failed;
    }
    for (;;) {
        const char* base = buf_.get();
        const char* nl = static_cast<const char*>(
            std::memchr(base + begin_ + scanned_, '\n', end_ - begin_ - scanned_));
        if (nl) {
            const size_t len = size_t(nl - (base + begin_));
            const size_t lineBegin = begin_;
            begin_ += len + 1;
            scanned_ = 0;
            ++lineNumber_;
            if (skipping_) {
                skipping_ = false;
                return Status::TooLong;
            }
            line = std::string_view(base + lineBegin, len);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            return Status::Line;
        }
        scanned_ = end_ - begin_;
        if (skipping_ || scanned_ > maxLine_) {
            // Drop what we have of the overlong line and keep looking for its end.
            skipping_ = true;
            begin_ = end_;
            scanned_ = 0;
        }
        const size_t before = end_ - begin_;
        if (!fill()) {
            if (!error_.message.empty()) return Status::Failed;
            if (skipping_) {
                skipping_ = false;
                ++lineNumber_;
                return Status::TooLong;
            }
            if (end_ > begin_) { // a last line without '\n'
                line = std::string_view(buf_.get() + begin_, end_ - begin_);
                begin_ = end_;
                scanned_ = 0;
                ++lineNumber_;
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                return Status::Line;
            }
            return Status::End;
        }
        if (end_ - begin_ == before) {
            skipping_ = true; // the buffer cannot grow further
            begin_ = end_;
            scanned_ = 0;
        }
    }
}

bool LineReader::nextBuffered(std::string_view& line) {
    if (skipping_ || !started_) return false;
    const char* base = buf_.get();
    const char* nl = static_cast<const char*>(
        std::memchr(base + begin_ + scanned_, '\n', end_ - begin_ - scanned_));
    if (!nl) return false;
    const size_t len = size_t(nl - (base + begin_));
    line = std::string_view(base + begin_, len);
    begin_ += len + 1;
    scanned_ = 0;
    ++lineNumber_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
}

void SkippedLines::add(uint64_t line, std::string_view reason) {
    if (count_++ == 0) {
        firstLine_ = line;
        firstReason_ = std::string(reason);
    }
}

std::string SkippedLines::first(const std::string& name) const {
    return name + ":" + std::to_string(firstLine_) + ": " + firstReason_;
}

void SkippedLines::warn(const std::string& name, const ReadOptions& options) const {
    if (count_ == 0 || !options.warning) return;
    options.warning(first(name) +
                    (count_ > 1 ? " (skipped " + std::to_string(count_) + " invalid lines in all)"
                                : " (line skipped)"));
}

namespace text {

bool parseUnsigned(std::string_view digits, uint64_t& value) {
    if (digits.empty() || digits.size() > 18) return false;
    uint64_t v = 0;
    for (char c : digits) {
        if (!isDigit(c)) return false;
        v = v * 10 + uint64_t(c - '0');
    }
    value = v;
    return true;
}

bool parseId(std::string_view s, uint64_t& value) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        if (s.empty() || s.size() > 16) return false;
        uint64_t v = 0;
        for (char c : s) {
            int d;
            if (isDigit(c))
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return false;
            v = (v << 4) | uint64_t(d);
        }
        value = v;
        return true;
    }
    return parseUnsigned(s, value);
}

namespace {
// Length of the valid UTF-8 sequence at s[i], or 0; NUL counts as invalid in profile text.
size_t utf8SequenceLength(std::string_view s, size_t i) {
    uint32_t cp = 0;
    const size_t len = utf8::decode(s.substr(i), cp);
    return cp == 0 ? 0 : len;
}
} // namespace

bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        // Eight ASCII bytes at a time: the common case of Python names and paths.
        while (i + 8 <= s.size()) {
            uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            // Stop at a high bit or a zero byte.
            if ((w & 0x8080808080808080ULL) ||
                ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
                break;
            i += 8;
        }
        if (i >= s.size()) break;
        const size_t len = utf8SequenceLength(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

void repairUtf8(std::string_view s, std::string& repaired) {
    size_t i = 0;
    while (i < s.size()) {
        const size_t len = utf8SequenceLength(s, i);
        if (len == 0) {
            repaired += "\xEF\xBF\xBD";
            ++i;
        } else {
            repaired.append(s.substr(i, len));
            i += len;
        }
    }
}

} // namespace text

} // namespace spyglass
