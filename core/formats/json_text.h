#pragma once
// JSON text for the writers: string escaping that never produces invalid JSON, whatever bytes a
// function or file name holds (profiled programs name things with any bytes they like).
#include <string>
#include <string_view>

namespace spyglass {

// Length of the valid UTF-8 sequence at the start of s (1 to 4), or 0 when s does not start with
// one (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, truncated).
size_t validUtf8Prefix(std::string_view s);
bool isValidUtf8(std::string_view s);

// Appends s as a quoted JSON string: quotes, backslashes and control characters escaped, and each
// byte that is not part of valid UTF-8 replaced by U+FFFD.
void appendJsonString(std::string& out, std::string_view s);

} // namespace spyglass
