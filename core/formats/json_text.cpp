#include "core/formats/json_text.h"

#include "core/formats/utf8.h"

#include <cstdint>

namespace spyglass {

size_t validUtf8Prefix(std::string_view s) {
    uint32_t cp = 0;
    return utf8::decode(s, cp);
}

bool isValidUtf8(std::string_view s) {
    while (!s.empty()) {
        // ASCII runs are the common case; skip them a byte at a time without the decoder.
        if (static_cast<unsigned char>(s[0]) < 0x80) {
            s.remove_prefix(1);
            continue;
        }
        const size_t n = validUtf8Prefix(s);
        if (n == 0) return false;
        s.remove_prefix(n);
    }
    return true;
}

namespace {

// How many bytes one U+FFFD stands for: a lead byte with the continuation bytes that follow it,
// up to the length it announces (a truncated sequence is one error, as in Python and browsers).
size_t invalidRun(std::string_view s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    const size_t len = b0 >= 0xF0 && b0 <= 0xF4   ? 4
                       : b0 >= 0xE0 && b0 <= 0xEF ? 3
                       : b0 >= 0xC2 && b0 <= 0xDF ? 2
                                                  : 1;
    size_t n = 1;
    while (n < len && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        ++n;
    return n;
}

} // namespace

void appendJsonString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s[0]);
        if (c >= 0x80) {
            const size_t n = validUtf8Prefix(s);
            if (n == 0) {
                out.append("\xEF\xBF\xBD"); // U+FFFD REPLACEMENT CHARACTER
                s.remove_prefix(invalidRun(s));
            } else {
                out.append(s.substr(0, n));
                s.remove_prefix(n);
            }
            continue;
        }
        s.remove_prefix(1);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                // DEL is legal JSON but invisible and confusing in names; escape it as well.
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

} // namespace spyglass
