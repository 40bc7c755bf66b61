#include "core/cpython/object_reader.h"

#include <cmath>
#include <cstring>

namespace spyglass::cpython {

namespace {

Error torn(const std::string& what) { return makeError(what, ErrorKind::Torn); }

template <typename T>
T load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

} // namespace

void appendUtf8(std::string& out, uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

uint64_t ObjectReader::typeOf(uint64_t object) const {
    if (object == 0) return 0;
    auto t = memory_.value<uint64_t>(object + off_.object.ob_type);
    return t ? *t : 0;
}

Result<std::string> ObjectReader::string(uint64_t object, size_t maxChars) const {
    if (object == 0) return torn("null string pointer");
    return off_.major >= 3 ? unicode3(object, maxChars) : unicode2(object, maxChars);
}

Result<std::string> ObjectReader::unicode3(uint64_t object, size_t maxChars) const {
    // Header and the first bytes of an ASCII compact string's data in one read; most names fit.
    uint8_t buf[256];
    const size_t header = static_cast<size_t>(off_.unicode.compact_size);
    process::ReadOp ops[2] = {{object, buf, header}, {object + header, buf + header, sizeof buf - header}};
    auto got = memory_.readPrefix(ops);
    if (!got) return got.error();
    if (*got == 0) return torn("unreadable string object");
    const size_t have = *got == 2 ? sizeof buf : header;
    if (types_.unicode && load<uint64_t>(buf + off_.object.ob_type) != types_.unicode)
        return torn("not a str object");
    const int64_t length = load<int64_t>(buf + off_.unicode.length);
    const uint32_t state = load<uint32_t>(buf + off_.unicode.state);
    const uint32_t kind = (state >> off_.unicode.kind_shift) & off_.unicode.kind_mask;
    const bool compact = (state >> off_.unicode.compact_shift) & 1;
    const bool ascii = (state >> off_.unicode.ascii_shift) & 1;
    if (length < 0 || static_cast<size_t>(length) > maxChars || (kind != 1 && kind != 2 && kind != 4) ||
        (ascii && kind != 1))
        return torn("implausible str header");
    const size_t bytes = static_cast<size_t>(length) * kind;
    uint64_t dataAddr = 0;
    size_t dataOffset = 0;
    if (compact) {
        dataOffset = ascii ? off_.unicode.ascii_size : off_.unicode.compact_size;
        dataAddr = object + dataOffset;
    } else {
        dataAddr = load<uint64_t>(buf + off_.unicode.data_any);
        if (dataAddr == 0) return torn("str without data");
    }
    std::vector<uint8_t> data;
    const uint8_t* p = nullptr;
    if (compact && dataOffset + bytes <= have) {
        p = buf + dataOffset;
    } else {
        data.resize(bytes);
        if (auto r = memory_.read(dataAddr, data.data(), bytes); !r) return r.error();
        p = data.data();
    }
    std::string out;
    out.reserve(bytes);
    for (int64_t i = 0; i < length; ++i) {
        uint32_t cp = kind == 1 ? p[i] : kind == 2 ? load<uint16_t>(p + 2 * i) : load<uint32_t>(p + 4 * i);
        appendUtf8(out, cp);
    }
    return out;
}

Result<std::string> ObjectReader::unicode2(uint64_t object, size_t maxChars) const {
    const uint64_t type = typeOf(object);
    if (type == 0) return torn("unreadable string object");
    if (type == types_.bytes || types_.bytes == 0) {
        auto b = bytes(object, maxChars);
        if (!b) return b.error();
        return std::string(b->begin(), b->end()); // 2.7 str: bytes, UTF-8 in practice
    }
    if (type != types_.unicode) return torn("not a str/unicode object");
    uint8_t buf[32];
    const size_t need = static_cast<size_t>(std::max(off_.unicode.length, off_.unicode.py2_str)) + 8;
    if (auto r = memory_.read(object, buf, need); !r) return r.error();
    const int64_t length = load<int64_t>(buf + off_.unicode.length);
    const uint64_t data = load<uint64_t>(buf + off_.unicode.py2_str);
    const size_t unit = static_cast<size_t>(off_.unicode.py2_unicode_size);
    if (length < 0 || static_cast<size_t>(length) > maxChars || data == 0) return torn("implausible unicode header");
    std::vector<uint8_t> raw(static_cast<size_t>(length) * unit);
    if (auto r = memory_.read(data, raw.data(), raw.size()); !r) return r.error();
    std::string out;
    for (int64_t i = 0; i < length; ++i) {
        uint32_t cp = unit == 4 ? load<uint32_t>(raw.data() + 4 * i) : load<uint16_t>(raw.data() + 2 * i);
        if (unit == 2 && cp >= 0xD800 && cp < 0xDC00 && i + 1 < length) { // UCS-2 build: surrogate pair
            const uint32_t lo = load<uint16_t>(raw.data() + 2 * (i + 1));
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                ++i;
            }
        }
        appendUtf8(out, cp);
    }
    return out;
}

Result<std::vector<uint8_t>> ObjectReader::bytes(uint64_t object, size_t maxBytes) const {
    if (object == 0) return torn("null bytes pointer");
    uint8_t head[64];
    const size_t header = static_cast<size_t>(off_.bytes.ob_sval);
    if (auto r = memory_.read(object, head, header); !r) return r.error();
    if (types_.bytes && load<uint64_t>(head + off_.object.ob_type) != types_.bytes) return torn("not a bytes object");
    const int64_t size = load<int64_t>(head + off_.object.ob_size);
    if (size < 0 || static_cast<size_t>(size) > maxBytes) return torn("implausible bytes size");
    std::vector<uint8_t> out(static_cast<size_t>(size));
    if (auto r = memory_.read(object + header, out.data(), out.size()); !r) return r.error();
    return out;
}

Result<std::vector<uint64_t>> ObjectReader::tuple(uint64_t object, size_t maxItems) const {
    if (object == 0) return torn("null tuple pointer");
    uint8_t head[32];
    if (auto r = memory_.read(object, head, 24); !r) return r.error();
    if (types_.tuple && load<uint64_t>(head + off_.object.ob_type) != types_.tuple) return torn("not a tuple");
    const int64_t size = load<int64_t>(head + off_.object.ob_size);
    if (size < 0 || static_cast<size_t>(size) > maxItems) return torn("implausible tuple size");
    std::vector<uint64_t> items(static_cast<size_t>(size));
    if (auto r = memory_.read(object + off_.tuple.ob_item, items.data(), items.size() * 8); !r) return r.error();
    return items;
}

Result<int64_t> ObjectReader::integer(uint64_t object) const {
    const uint64_t type = typeOf(object);
    if (type == 0) return torn("unreadable int");
    if (off_.major == 2 && type == types_.py2int) return memory_.value<int64_t>(object + off_.integer.py2_ob_ival);
    if (type != types_.integer && type != types_.boolean) return torn("not an int");
    int64_t ndigits = 0;
    bool negative = false;
    if (off_.integer.lv_tag != kAbsent) { // 3.12+: lv_tag = ndigits << 3 | sign (0 +, 1 zero, 2 -)
        auto tag = memory_.value<uint64_t>(object + off_.integer.lv_tag);
        if (!tag) return tag.error();
        ndigits = static_cast<int64_t>(*tag >> 3);
        negative = (*tag & 3) == 2;
    } else {
        auto size = memory_.value<int64_t>(object + off_.object.ob_size);
        if (!size) return size.error();
        negative = *size < 0;
        ndigits = negative ? -*size : *size;
    }
    const int shift = off_.integer.shift;
    if (ndigits * shift > 64 + shift) return torn("int too large");
    uint32_t digits[4] = {};
    if (ndigits > 0)
        if (auto r = memory_.read(object + off_.integer.ob_digit, digits, static_cast<size_t>(ndigits) * 4); !r)
            return r.error();
    uint64_t value = 0;
    for (int64_t i = ndigits - 1; i >= 0; --i) value = (value << shift) | digits[i];
    return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

Result<double> ObjectReader::floating(uint64_t object) const {
    if (types_.floating && typeOf(object) != types_.floating) return torn("not a float");
    return memory_.value<double>(object + off_.floating.ob_fval);
}

Result<std::string> ObjectReader::simpleRepr(uint64_t object, size_t maxChars) const {
    if (object == 0) return makeError("unset", ErrorKind::Generic);
    if (types_.none && object == types_.none) return std::string("None");
    if (types_.trueObject && object == types_.trueObject) return std::string("True");
    if (types_.falseObject && object == types_.falseObject) return std::string("False");
    const uint64_t type = typeOf(object);
    if (type == 0) return torn("unreadable object");
    if (type == types_.integer || (off_.major == 2 && type == types_.py2int)) {
        auto v = integer(object);
        if (!v) return v.error();
        return std::to_string(*v);
    }
    if (type == types_.floating) {
        auto v = floating(object);
        if (!v) return v.error();
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", *v);
        return std::string(buf);
    }
    if (type == types_.unicode || (off_.major == 2 && type == types_.bytes)) {
        auto s = string(object, maxChars);
        if (!s) return makeError("long string", ErrorKind::Generic);
        std::string out = "\"";
        for (char c : *s) out += c == '"' ? std::string("\\\"") : c == '\n' ? std::string("\\n") : std::string(1, c);
        return out + "\"";
    }
    return makeError("not a simple value", ErrorKind::Generic);
}

} // namespace spyglass::cpython
