#pragma once
// Feeds nlohmann_json's SAX parser from an InputSource in fixed-size chunks, so a JSON file of any
// size is parsed with one buffer's worth of memory. Also keeps the byte offset for messages and
// calls the read progress callback between chunks.
#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>

#include "core/formats/byte_io.h"
#include "core/formats/profile_io.h"

namespace spyglass {

class JsonChunkInput {
public:
    JsonChunkInput(InputSource& in, const ReadOptions& options, size_t chunkSize = 1 << 20);

    // The input iterator nlohmann's iterator_input_adapter wants: copies share this reader.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char*;
        using reference = const char&;

        Iterator() = default;
        explicit Iterator(JsonChunkInput* source) : source_(source) {}
        const char& operator*() const { return source_->buffer_[source_->pos_]; }
        Iterator& operator++() {
            ++source_->pos_;
            return *this;
        }
        Iterator operator++(int) {
            Iterator old = *this;
            ++*this;
            return old;
        }
        // Only ever compared against end(): true while bytes remain.
        friend bool operator==(const Iterator& a, const Iterator& b) { return !a.more() && !b.more(); }
        friend bool operator!=(const Iterator& a, const Iterator& b) { return !(a == b); }

    private:
        bool more() const { return source_ && source_->more(); }
        JsonChunkInput* source_ = nullptr;
    };

    Iterator begin() { return Iterator(this); }
    Iterator end() { return Iterator(); }

    // Offset of the next byte the parser will read.
    uint64_t offset() const { return consumedBefore_ + pos_; }
    // A read failure or cancellation met while feeding the parser (the parser then saw the end).
    const std::optional<Error>& error() const { return error_; }
    const std::string& name() const { return in_.name(); }

private:
    bool more() {
        if (pos_ < len_) [[likely]]
            return true;
        return refill();
    }
    bool refill();

    InputSource& in_;
    const ReadOptions& options_;
    std::unique_ptr<char[]> buffer_;
    size_t capacity_;
    size_t pos_ = 0;
    size_t len_ = 0;
    uint64_t consumedBefore_ = 0;
    bool eof_ = false;
    std::optional<Error> error_;
};

} // namespace spyglass
