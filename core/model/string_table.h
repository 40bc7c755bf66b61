#pragma once
// Interned strings. Ids are dense and stable; the bytes never move, so a string_view handed to a
// reader stays valid for the table's lifetime even while the writer adds strings.
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/chunked_vector.h"

namespace spyglass {

using StringId = uint32_t;

class StringTable {
public:
    StringTable();
    StringTable(const StringTable&) = delete;
    StringTable& operator=(const StringTable&) = delete;

    // Writer only.
    StringId intern(std::string_view s);
    // Writer only: room for n strings in all, so that interning them does not rehash.
    void reserve(size_t n);
    // Writer only: the id of s if interned already.
    bool lookup(std::string_view s, StringId& id) const;

    std::string_view operator[](StringId id) const { return views_[id]; }
    size_t size() const { return views_.size(); }
    size_t memoryBytes() const;

    static constexpr StringId kEmpty = 0; // id 0 is always ""

private:
    std::string_view store(std::string_view s);

    ChunkedVector<std::string_view, 12> views_;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::vector<std::unique_ptr<char[]>> largeBlocks_;
    size_t blockUsed_ = 0;
    size_t blockSize_ = 0;
    size_t bytes_ = 0;
    std::unordered_map<std::string_view, StringId> index_;
};

} // namespace spyglass
