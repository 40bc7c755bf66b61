#pragma once
// The one UTF-8 decoder of the readers and writers (line reader, XML and JSON text). Whether NUL
// or other control characters are acceptable differs by caller, so it is left to them: they get
// the code point.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace spyglass::utf8 {

// Length (1 to 4) of the valid UTF-8 sequence at the start of s, with its code point in cp; 0 when
// s is empty or starts with an invalid one (stray continuation byte, overlong form, surrogate,
// beyond U+10FFFF, truncated). NUL is a valid one-byte sequence here.
inline size_t decode(std::string_view s, uint32_t& cp) {
    if (s.empty()) return 0;
    const auto c = static_cast<unsigned char>(s[0]);
    size_t len;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

} // namespace spyglass::utf8
