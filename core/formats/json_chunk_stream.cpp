#include "core/formats/json_chunk_stream.h"

#include <algorithm>

namespace spyglass {

JsonChunkStream::JsonChunkStream(InputSource& in, const ReadOptions& options, size_t chunkSize)
    : in_(in), options_(options) {
    // A small file gets a buffer its size (plus one byte to see the end without a second read).
    capacity_ =
        in.size() > 0 && in.size() < chunkSize ? static_cast<size_t>(in.size()) + 1 : chunkSize;
    // + the NUL sentinel and the padding, zeroed once (what a refill leaves there is old input)
    buffer_ = std::make_unique_for_overwrite<char[]>(capacity_ + 1 + kPadding);
    std::fill_n(buffer_.get() + capacity_ + 1, kPadding, '\0');
    begin_ = cur_ = end_ = buffer_.get();
    buffer_[0] = '\0';
    refill();
}

void JsonChunkStream::refill() {
    consumedBefore_ += static_cast<uint64_t>(end_ - begin_);
    begin_ = cur_ = end_ = buffer_.get();
    buffer_[0] = '\0';
    if (error_) return;
    if (options_.progress && in_.size() > 0 &&
        !options_.progress(static_cast<double>(consumedBefore_) /
                           static_cast<double>(in_.size()))) {
        error_ = makeError(in_.name() + ": reading cancelled", ErrorKind::Cancelled);
        return;
    }
    auto got = in_.read(buffer_.get(), capacity_);
    if (!got) {
        error_ = got.error();
        return;
    }
    end_ = begin_ + *got;
    buffer_[*got] = '\0';
}

} // namespace spyglass
