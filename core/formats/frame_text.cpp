#include "core/formats/frame_text.h"

#include "core/formats/line_reader.h"

#include <charconv>

namespace spyglass {

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

FrameKind frameKindOfFile(std::string_view file) {
    if (file.empty()) return FrameKind::Other;
    if (file.front() == '<') return FrameKind::Python; // <frozen ...>, <string>, <stdin>
    for (std::string_view ext : {".py", ".pyx", ".pyw", ".pyi", ".pyc"})
        if (endsWith(file, ext)) return FrameKind::Python;
    for (std::string_view ext : {".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".rs", ".so"})
        if (endsWith(file, ext)) return FrameKind::Native;
    if (file.find(".so.") != std::string_view::npos) return FrameKind::Native;
    return FrameKind::Python;
}

FrameText parseFrameText(std::string_view text) {
    FrameText f;
    f.name = text;
    if (text.size() < 4 || text.back() != ')') return f;
    const size_t open = text.rfind(" (");
    if (open == std::string_view::npos || open == 0) return f;
    std::string_view inner = text.substr(open + 2, text.size() - open - 3);
    if (inner.empty()) return f;
    f.name = text.substr(0, open);
    f.file = inner;
    const size_t colon = inner.rfind(':');
    if (colon != std::string_view::npos && colon > 0 && inner.size() - colon - 1 <= 9) {
        uint64_t line = 0;
        if (text::parseUnsigned(inner.substr(colon + 1), line)) {
            f.line = static_cast<uint32_t>(line);
            f.file = inner.substr(0, colon);
        }
    }
    f.kind = frameKindOfFile(f.file);
    return f;
}

bool parseThreadFrame(std::string_view text, uint64_t& id, std::string_view& name) {
    if (!text.starts_with("thread (")) return false;
    const size_t close = text.find(')', 8);
    if (close == std::string_view::npos) return false;
    if (!text::parseId(text.substr(8, close - 8), id)) return false;
    std::string_view rest = text.substr(close + 1);
    name = {};
    if (rest.empty()) return true;
    if (!rest.starts_with(": ")) return false;
    rest.remove_prefix(2);
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
        rest = rest.substr(1, rest.size() - 2);
    name = rest;
    return true;
}

bool parseProcessFrame(std::string_view text, int64_t& pid, std::string_view& commandLine) {
    if (!text.starts_with("process ")) return false;
    const size_t colon = text.find(':', 8);
    if (colon == std::string_view::npos) return false;
    uint64_t value = 0;
    if (!text::parseUnsigned(text.substr(8, colon - 8), value)) return false;
    std::string_view rest = text.substr(colon + 1);
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"') return false;
    pid = static_cast<int64_t>(value);
    commandLine = rest.substr(1, rest.size() - 2);
    return true;
}

void appendThreadFrame(std::string& out, uint64_t id, std::string_view name) {
    char digits[24];
    out += "thread (";
    if (id >= (uint64_t{1} << 32)) {
        out += "0x";
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, id, 16);
        for (char* c = digits; c != end; ++c)
            if (*c >= 'a' && *c <= 'f') *c = char(*c - 'a' + 'A');
        out.append(digits, end);
    } else {
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, id);
        out.append(digits, end);
    }
    out += ')';
    if (!name.empty()) {
        out += ": ";
        appendFoldedName(out, name);
    }
}

std::string_view shortenPath(std::string_view file) {
    for (std::string_view marker : {"/site-packages/", "/dist-packages/"}) {
        const size_t pos = file.rfind(marker);
        if (pos != std::string_view::npos) return file.substr(pos + marker.size());
    }
    size_t pos = 0;
    while ((pos = file.find("/lib/python", pos)) != std::string_view::npos) {
        size_t i = pos + 11;
        while (i < file.size() && (text::isDigit(file[i]) || file[i] == '.'))
            ++i;
        if (i < file.size() && file[i] == '/' && i > pos + 11) return file.substr(i + 1);
        pos += 1;
    }
    const size_t slash = file.find_last_of("/\\");
    return slash == std::string_view::npos ? file : file.substr(slash + 1);
}

void appendFoldedName(std::string& out, std::string_view s) {
    if (s.empty()) {
        out += '?';
        return;
    }
    for (char c : s) {
        if (c == ';')
            c = ':';
        else if (c == '\n' || c == '\r' || c == '\0')
            c = ' ';
        out += c;
    }
}

void appendFrameText(std::string& out, const Profile& p, FrameId frameId, bool withLine,
                     bool fullFilename) {
    const Frame& frame = p.frame(frameId);
    const Function& fn = p.function(frame.function);
    appendFoldedName(out, p.str(fn.name));
    std::string_view file = p.str(fn.file);
    if (file.empty()) return;
    if (!fullFilename) file = shortenPath(file);
    out += " (";
    appendFoldedName(out, file);
    if (withLine && frame.line != 0) {
        char digits[12];
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, frame.line);
        out += ':';
        out.append(digits, end);
    }
    out += ')';
}

} // namespace spyglass
