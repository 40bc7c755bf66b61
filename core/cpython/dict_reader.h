#pragma once
// Reading dicts and instance attributes of the target (for thread names and module lookups):
// 2.7's open table, the compact dicts of 3.6–3.10, and 3.11+'s keys objects with split values and
// the managed (pre-header) dicts and inline values of 3.11, 3.12 and 3.13.
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/cpython/object_reader.h"
#include "core/model/result.h"

namespace spyglass::cpython {

inline constexpr size_t kMaxDictEntries = 1 << 16;

// Calls `visit(key, value)` for each item; stops early when visit returns false.
Result<void> forEachDictItem(const ObjectReader& reader, uint64_t dict,
                             const std::function<bool(uint64_t key, uint64_t value)>& visit);

// The value stored under a str key, 0 when absent.
Result<uint64_t> dictLookup(const ObjectReader& reader, uint64_t dict, std::string_view key);

// An attribute in an object's instance dict (or 3.11+ split/inline values), 0 when absent.
Result<uint64_t> instanceAttribute(const ObjectReader& reader, uint64_t object, std::string_view name);

// A module's dict.
Result<uint64_t> moduleDict(const ObjectReader& reader, uint64_t module);

} // namespace spyglass::cpython
