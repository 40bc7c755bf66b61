#pragma once
// Feeds RapidJSON's SAX reader from an InputSource in fixed-size chunks, so a JSON file of any
// size is parsed with one buffer's worth of memory. Implements RapidJSON's input stream concept
// (Peek/Take/Tell), and calls the read progress callback between chunks.
#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"

#include <cstddef>
#include <memory>
#include <optional>

namespace spyglass {

class JsonChunkStream {
  public:
    using Ch = char;

    JsonChunkStream(InputSource& in, const ReadOptions& options, size_t chunkSize = 1 << 18);

    // '\0' at the end of the input, as RapidJSON expects: a NUL byte always follows the buffered
    // bytes, and cur_ reaches end_ only once the input is exhausted (the buffer is refilled as soon
    // as the last byte is taken), so each call costs one load and at most one comparison.
    Ch Peek() const { return *cur_; }
    Ch Take() {
        const Ch c = *cur_++;
        if (cur_ >= end_) [[unlikely]]
            takeEnd();
        return c;
    }
    size_t Tell() const {
        return static_cast<size_t>(consumedBefore_ + static_cast<uint64_t>(cur_ - begin_));
    }
    // Only for in-situ parsing, which we never ask for.
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    size_t PutEnd(Ch*) { return 0; }

    // For a handler that reads a run of simple values itself, where RapidJSON's general parse is
    // the cost (speedscope's frame indices): the unread bytes of the buffer are [cursor(),
    // bufferEnd()), followed by the NUL sentinel and kPadding more bytes (so that 8 bytes may be
    // loaded at any unread position); skipTo(p), p in that range and short of its end,
    // marks the bytes before p read. A run crossing the buffer's end is left to RapidJSON.
    static constexpr size_t kPadding = 7;
    const char* cursor() const { return cur_; }
    const char* bufferEnd() const { return end_; }
    void skipTo(const char* p) { cur_ = p; }

    // True when every byte was consumed (a NUL byte also reads as the end to RapidJSON).
    bool atEnd() const { return cur_ == end_; }
    // A read failure or cancellation met while feeding the parser (the parser then saw the end).
    const std::optional<Error>& error() const { return error_; }
    const std::string& name() const { return in_.name(); }

  private:
    void refill();
    void takeEnd() {
        if (cur_ > end_)
            cur_ = end_; // Take at the end of the input: stay there
        else
            refill();
    }

    InputSource& in_;
    const ReadOptions& options_;
    std::unique_ptr<char[]> buffer_;
    size_t capacity_;
    const char* begin_ = nullptr;
    const char* cur_ = nullptr;
    const char* end_ = nullptr;
    uint64_t consumedBefore_ = 0;
    std::optional<Error> error_;
};

} // namespace spyglass
