#include "core/formats/xml_text.h"

#include "core/formats/utf8.h"

#include <cstdint>

namespace spyglass {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

} // namespace

void appendXmlEscaped(std::string& out, std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        switch (c) {
        case '&':
            out += "&amp;";
            ++i;
            continue;
        case '<':
            out += "&lt;";
            ++i;
            continue;
        case '>':
            out += "&gt;";
            ++i;
            continue;
        case '"':
            out += "&quot;";
            ++i;
            continue;
        case '\'':
            out += "&#39;";
            ++i;
            continue;
        case '\t':
        case '\n':
        case '\r':
            out += ' ';
            ++i;
            continue;
        default:
            break;
        }
        uint32_t cp = 0;
        const size_t len = utf8::decode(text.substr(i), cp);
        if (len == 0 || cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
            out += kReplacement;
            i += len == 0 ? 1 : len;
            continue;
        }
        out.append(text.substr(i, len));
        i += len;
    }
}

std::string_view truncateUtf8(std::string_view text, size_t maxChars, bool& cut) {
    size_t chars = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue; // continuation byte
        if (chars == maxChars) {
            cut = true;
            return text.substr(0, i);
        }
        ++chars;
    }
    cut = false;
    return text;
}

} // namespace spyglass
