#pragma once
// Text that is safe inside XML character data and attribute values, whatever bytes a profile's
// names hold: markup characters become entities; bytes that are not valid UTF-8, control
// characters and the non-characters XML 1.0 forbids become U+FFFD.
#include <string>
#include <string_view>

namespace spyglass {

void appendXmlEscaped(std::string& out, std::string_view text);

// At most maxChars characters (UTF-8 code points) of text, with ".." at the end when cut.
std::string_view truncateUtf8(std::string_view text, size_t maxChars, bool& cut);

} // namespace spyglass
