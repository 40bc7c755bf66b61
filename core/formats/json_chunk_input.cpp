#include "core/formats/json_chunk_input.h"

namespace spyglass {

JsonChunkInput::JsonChunkInput(InputSource& in, const ReadOptions& options, size_t chunkSize)
    : in_(in), options_(options), buffer_(std::make_unique<char[]>(chunkSize)), capacity_(chunkSize) {}

bool JsonChunkInput::refill() {
    if (eof_) return false;
    consumedBefore_ += len_;
    pos_ = 0;
    len_ = 0;
    if (options_.progress && in_.size() > 0 &&
        !options_.progress(static_cast<double>(consumedBefore_) / static_cast<double>(in_.size()))) {
        error_ = makeError(in_.name() + ": reading cancelled", ErrorKind::Cancelled);
        eof_ = true;
        return false;
    }
    auto got = in_.read(buffer_.get(), capacity_);
    if (!got) {
        error_ = got.error();
        eof_ = true;
        return false;
    }
    len_ = *got;
    if (len_ == 0) eof_ = true;
    return len_ > 0;
}

} // namespace spyglass
