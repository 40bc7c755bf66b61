#include "core/cpython/dict_reader.h"

#include <cstring>
#include <vector>

namespace spyglass::cpython {

namespace {

Error torn(std::string what) { return makeError(std::move(what), ErrorKind::Torn); }

template <typename T>
T at(const uint8_t* base, size_t offset) {
    T v;
    std::memcpy(&v, base + offset, sizeof v);
    return v;
}

constexpr uint64_t kManagedDict = 1u << 4;  // Py_TPFLAGS_MANAGED_DICT (3.11+)
constexpr uint64_t kInlineValues = 1u << 2; // Py_TPFLAGS_INLINE_VALUES (3.13+)

// Visits the entries of a 3.x keys object; `values` (split table) replaces the entries' values.
Result<void> visitKeys(const ObjectReader& r, uint64_t keys, uint64_t values,
                       const std::function<bool(uint64_t, uint64_t)>& visit) {
    const PyOffsets& o = r.offsets();
    const auto& m = r.memory();
    uint8_t head[64];
    if (auto e = m.read(keys, head, static_cast<size_t>(o.dict.dk_indices)); !e) return e;
    uint64_t indexBytes = 0, entrySize = 0;
    int64_t nentries = 0;
    if (o.dict.dk_log2_size != kAbsent) { // 3.11+
        const uint8_t log2Index = head[o.dict.dk_log2_index_bytes];
        if (log2Index > 40) return torn("implausible dict keys");
        indexBytes = uint64_t{1} << log2Index;
        entrySize = head[o.dict.dk_kind] == 0 ? o.dict.entry_size : o.dict.unicode_entry_size;
        nentries = at<int64_t>(head, o.dict.dk_nentries);
    } else { // 3.6–3.10
        const int64_t size = at<int64_t>(head, o.dict.dk_size);
        if (size <= 0 || size > int64_t{1} << 32) return torn("implausible dict keys");
        const uint64_t ix = size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffffLL ? 4 : 8;
        indexBytes = static_cast<uint64_t>(size) * ix;
        entrySize = o.dict.entry_size;
        nentries = at<int64_t>(head, o.dict.dk_nentries);
    }
    if (nentries < 0 || nentries > static_cast<int64_t>(kMaxDictEntries)) return torn("implausible dict size");
    if (nentries == 0) return {};
    std::vector<uint8_t> entries(static_cast<size_t>(nentries) * entrySize);
    if (auto e = m.read(keys + o.dict.dk_indices + indexBytes, entries.data(), entries.size()); !e) return e;
    std::vector<uint64_t> split;
    if (values) {
        split.resize(static_cast<size_t>(nentries));
        const uint64_t base = values + (o.dict.values_values == kAbsent ? 0 : o.dict.values_values);
        if (auto e = m.read(base, split.data(), split.size() * 8); !e) return e;
    }
    const size_t keyAt = entrySize == 24 ? 8 : 0; // {hash, key, value} or {key, value}
    for (int64_t i = 0; i < nentries; ++i) {
        const uint8_t* entry = entries.data() + i * entrySize;
        const uint64_t key = at<uint64_t>(entry, keyAt);
        const uint64_t value = values ? split[i] : at<uint64_t>(entry, keyAt + 8);
        if (key && value && !visit(key, value)) break;
    }
    return {};
}

} // namespace

Result<void> forEachDictItem(const ObjectReader& r, uint64_t dict,
                             const std::function<bool(uint64_t, uint64_t)>& visit) {
    const PyOffsets& o = r.offsets();
    if (!dict) return torn("null dict");
    if (r.types().dict && r.typeOf(dict) != r.types().dict) return torn("not a dict");
    if (o.major == 2) {
        auto mask = r.memory().value<int64_t>(dict + o.dict.ma_mask);
        auto table = r.memory().value<uint64_t>(dict + o.dict.ma_table);
        if (!mask) return mask.error();
        if (!table) return table.error();
        if (*mask < 0 || *mask >= static_cast<int64_t>(kMaxDictEntries)) return torn("implausible dict size");
        std::vector<uint8_t> entries(static_cast<size_t>(*mask + 1) * o.dict.entry_size);
        if (auto e = r.memory().read(*table, entries.data(), entries.size()); !e) return e;
        for (int64_t i = 0; i <= *mask; ++i) {
            const uint8_t* entry = entries.data() + i * o.dict.entry_size;
            const uint64_t key = at<uint64_t>(entry, 8), value = at<uint64_t>(entry, 16);
            if (key && value && !visit(key, value)) break;
        }
        return {};
    }
    auto keys = r.memory().value<uint64_t>(dict + o.dict.ma_keys);
    auto values = r.memory().value<uint64_t>(dict + o.dict.ma_values);
    if (!keys) return keys.error();
    if (!values) return values.error();
    return visitKeys(r, *keys, *values, visit);
}

Result<uint64_t> dictLookup(const ObjectReader& r, uint64_t dict, std::string_view key) {
    uint64_t found = 0;
    Error failure;
    bool failed = false;
    auto walked = forEachDictItem(r, dict, [&](uint64_t k, uint64_t v) {
        const uint64_t type = r.typeOf(k);
        if (type != r.types().unicode && type != r.types().bytes) return true;
        auto s = r.string(k, key.size() + 1);
        if (s && *s == key) {
            found = v;
            return false;
        }
        return true;
    });
    if (!walked) return walked.error();
    if (failed) return failure;
    return found;
}

Result<uint64_t> moduleDict(const ObjectReader& r, uint64_t module) {
    return r.memory().value<uint64_t>(module + r.offsets().module.md_dict);
}

Result<uint64_t> instanceAttribute(const ObjectReader& r, uint64_t object, std::string_view name) {
    const PyOffsets& o = r.offsets();
    const auto& m = r.memory();
    const uint64_t type = r.typeOf(object);
    if (!type) return torn("unreadable object");
    auto flags = m.value<uint64_t>(type + o.type.tp_flags);
    if (!flags) return flags.error();
    const bool managed = o.major == 3 && o.minor >= 11 && (*flags & kManagedDict);
    if (!managed) {
        auto dictOffset = m.value<int64_t>(type + o.type.tp_dictoffset);
        if (!dictOffset) return dictOffset.error();
        if (*dictOffset <= 0) return uint64_t{0}; // no instance dict, or a variable-size object
        auto dict = m.value<uint64_t>(object + static_cast<uint64_t>(*dictOffset));
        if (!dict) return dict.error();
        return *dict ? dictLookup(r, *dict, name) : Result<uint64_t>(uint64_t{0});
    }
    // Managed dict: a pointer three words before the object (3.11: the dict, with the values
    // pointer four words before; 3.12: dict or tagged values; 3.13: the dict, values inline after
    // the object when Py_TPFLAGS_INLINE_VALUES).
    uint64_t pre[2] = {};
    if (auto e = m.read(object - 32, pre, sizeof pre); !e) return e.error();
    uint64_t dict = 0, values = 0;
    if (o.minor == 11) {
        dict = pre[1];
        values = pre[0];
    } else if (o.minor == 12) {
        if (pre[1] & 1) values = pre[1] + 1; // stored as values - 1
        else dict = pre[1];
    } else {
        dict = pre[1];
        if (!dict && (*flags & kInlineValues)) {
            auto basic = m.value<int64_t>(type + o.type.tp_basicsize);
            if (!basic) return basic.error();
            values = object + static_cast<uint64_t>(*basic);
        }
    }
    if (dict) return dictLookup(r, dict, name);
    if (!values) return uint64_t{0};
    auto keys = m.value<uint64_t>(type + o.type.ht_cached_keys);
    if (!keys) return keys.error();
    if (!*keys) return uint64_t{0};
    uint64_t found = 0;
    auto walked = visitKeys(r, *keys, values, [&](uint64_t k, uint64_t v) {
        auto s = r.string(k, name.size() + 1);
        if (s && *s == name) {
            found = v;
            return false;
        }
        return true;
    });
    if (!walked) return walked.error();
    return found;
}

} // namespace spyglass::cpython
