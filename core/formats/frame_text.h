#pragma once
// The text of one frame in folded stacks, both ways: py-spy's `function (file:line)`,
// `function (file)` and bare `function`, its `thread (ID)` / `thread (ID): name` and
// `process PID:"command"` prefix frames, and the shortened file names of its default output.
#include "core/model/profile.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace spyglass {

struct FrameText {
    std::string_view name;
    std::string_view file; // empty for a bare name
    uint32_t line = 0;
    FrameKind kind = FrameKind::Other;
};

// Splits `name (file:line)` / `name (file)`; anything else is a bare name of kind Other.
FrameText parseFrameText(std::string_view text);
// Python for .py files and <frozen ...>-style names, Native for C/C++/Rust sources and shared
// objects, Python for other files.
FrameKind frameKindOfFile(std::string_view file);

// `thread (0x7F3A...)`, `thread (1234)`, optionally followed by `: name` (quotes stripped).
bool parseThreadFrame(std::string_view text, uint64_t& id, std::string_view& name);
// `process 1234:"python app.py"`.
bool parseProcessFrame(std::string_view text, int64_t& pid, std::string_view& commandLine);

// Appends `thread (ID)` or `thread (ID): name`; ids that look like pthread addresses (>= 2^32)
// are written in hex as py-spy does, native thread ids in decimal.
void appendThreadFrame(std::string& out, uint64_t id, std::string_view name);
// Appends a frame of p as py-spy writes it.
void appendFrameText(std::string& out, const Profile& p, FrameId frame, bool withLine,
                     bool fullFilename);
// "/usr/lib/python3.11/json/decoder.py" -> "json/decoder.py"; site-/dist-packages likewise;
// other paths keep their last component.
std::string_view shortenPath(std::string_view file);
// Appends s with the characters folded stacks cannot hold replaced: ';' by ':', line ends and
// NUL by ' ', and an empty name by "?".
void appendFoldedName(std::string& out, std::string_view s);

} // namespace spyglass
