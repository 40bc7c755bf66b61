#pragma once
// Lines of a text profile, pulled from an InputSource in fixed-size chunks: memory stays bounded
// by the longest line the reader accepts, never by the file. Handles LF and CRLF endings, a UTF-8
// byte-order mark, and UTF-16 (LE or BE, with a BOM) by transcoding to UTF-8 on the fly.
// Also counts lines, reports progress and honours cancellation; and gathers the invalid lines a
// text reader skips so it can say once, at the end, what it left out.
#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace spyglass {

class LineReader {
  public:
    enum class Status { Line, TooLong, End, Failed };

    static constexpr size_t kDefaultMaxLine = 32u << 20;

    LineReader(InputSource& in, const ReadOptions& options, size_t maxLineBytes = kDefaultMaxLine);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // Line: `line` holds the next line without its line end (valid until the next call).
    // TooLong: the line exceeds the limit; it was skipped (lineNumber() names it).
    // End: no more input. Failed: a read error or a cancel; see error().
    Status next(std::string_view& line);
    // The next line if it is complete in the buffer already, without reading: lines taken by
    // next() and then by nextBuffered() all stay valid until the following next(), so a reader can
    // work on a batch of lines at once (hash them all, prefetch, then look them up).
    bool nextBuffered(std::string_view& line);
    uint64_t lineNumber() const { return lineNumber_; }
    uint64_t bytesRead() const { return consumed_; }
    const Error& error() const { return error_; }
    size_t maxLineBytes() const { return maxLine_; }

  private:
    bool fill(); // reads more input behind the unconsumed bytes; false at the end
    bool readRaw(char* dst, size_t n, size_t& got);
    void start();
    size_t transcodeUtf16(const unsigned char* src, size_t n, char* dst);

    InputSource& in_;
    const ReadOptions& options_;
    size_t maxLine_;
    std::unique_ptr<char[]> buf_;
    size_t cap_ = 0;
    size_t begin_ = 0;   // first unconsumed byte
    size_t end_ = 0;     // one past the last valid byte
    size_t scanned_ = 0; // bytes after begin_ known to hold no '\n'
    bool eof_ = false;
    bool started_ = false;
    bool skipping_ = false; // inside a too-long line, dropping bytes up to its end

    enum class Encoding { Utf8, Utf16Le, Utf16Be } encoding_ = Encoding::Utf8;
    std::unique_ptr<unsigned char[]> raw_; // undecoded UTF-16 input
    size_t rawLen_ = 0;
    uint32_t pendingHighSurrogate_ = 0;

    uint64_t lineNumber_ = 0;
    uint64_t consumed_ = 0;
    uint64_t nextProgress_ = 0;
    Error error_;
};

// The invalid lines a tolerant text reader skipped: the first one is named in the warning (or in
// the error, when nothing valid was found or the invalid lines outnumber the valid ones).
class SkippedLines {
  public:
    void add(uint64_t line, std::string_view reason);
    uint64_t count() const { return count_; }
    // "NAME:LINE: REASON".
    std::string first(const std::string& name) const;
    // Sends one summary warning through options.warning, if any lines were skipped.
    void warn(const std::string& name, const ReadOptions& options) const;

  private:
    uint64_t count_ = 0;
    uint64_t firstLine_ = 0;
    std::string firstReason_;
};

// Byte-level helpers shared by the text readers.
namespace text {

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
inline bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

inline std::string_view trimRight(std::string_view s) {
    while (!s.empty() && (isBlank(s.back()) || s.back() == '\f' || s.back() == '\v'))
        s.remove_suffix(1);
    return s;
}

// Parses an unsigned decimal of at most 18 digits (so it never overflows); false otherwise.
bool parseUnsigned(std::string_view digits, uint64_t& value);
// Parses "0x..." hex or plain decimal; false when it is neither or does not fit 64 bits.
bool parseId(std::string_view s, uint64_t& value);
// Whether s is valid UTF-8 without NUL; appends a copy with each bad sequence replaced by U+FFFD
// to `repaired` when it is not.
bool validUtf8(std::string_view s);
void repairUtf8(std::string_view s, std::string& repaired);

} // namespace text

} // namespace spyglass
