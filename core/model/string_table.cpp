#include "core/model/string_table.h"

#include <cstring>

namespace spyglass {

namespace {
constexpr size_t kBlockSize = 256 * 1024;
}

StringTable::StringTable() { intern(""); }

std::string_view StringTable::store(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > kBlockSize / 4) {
        // Large strings get their own block so they never waste the tail of a shared one.
        largeBlocks_.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
        char* dst = largeBlocks_.back().get();
        std::memcpy(dst, s.data(), s.size());
        bytes_ += s.size();
        return {dst, s.size()};
    }
    if (blocks_.empty() || blockUsed_ + s.size() > blockSize_) {
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockSize));
        blockUsed_ = 0;
        blockSize_ = kBlockSize;
        bytes_ += kBlockSize;
    }
    char* dst = blocks_.back().get() + blockUsed_;
    std::memcpy(dst, s.data(), s.size());
    blockUsed_ += s.size();
    return {dst, s.size()};
}

StringId StringTable::intern(std::string_view s) {
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    const std::string_view stored = store(s);
    const auto id = static_cast<StringId>(views_.push_back(stored));
    index_.emplace(stored, id);
    return id;
}

void StringTable::reserve(size_t n) {
    views_.reserve(n);
    index_.reserve(n);
}

bool StringTable::lookup(std::string_view s, StringId& id) const {
    auto it = index_.find(s);
    if (it == index_.end()) return false;
    id = it->second;
    return true;
}

size_t StringTable::memoryBytes() const {
    return bytes_ + views_.memoryBytes() + index_.size() * 48;
}

} // namespace spyglass
