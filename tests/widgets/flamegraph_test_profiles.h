#pragma once
// Test profiles for the flamegraph tests, written as collapsed stacks in the test itself:
//
//   main;work;parse 3        three samples of main → work → parse
//   main;json.loads@/usr/lib/python3.11/json/__init__.py:346 2
//
// A frame is `name` (file "app.py", user code), `name@file` or `name@file:line`. Samples follow
// the lines' order, 10 ms apart, so a time-order layout sees them in that order. `thread|` before
// a line puts its samples on that thread (by native id). Lines starting with '#' are skipped.
#include <QString>
#include <QTest>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/profile.h"
#include "widgets/flamegraph/flame_layout.h"

namespace spyglass::test {

inline std::shared_ptr<Profile> profileFromCollapsed(std::string_view text) {
    auto profile = std::make_shared<Profile>();
    int64_t time = 0;
    size_t pos = 0;
    std::vector<FrameId> frames;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        uint64_t thread = 1;
        if (const size_t bar = line.find('|'); bar != std::string_view::npos) {
            thread = std::stoull(std::string(line.substr(0, bar)));
            line.remove_prefix(bar + 1);
        }
        const size_t space = line.rfind(' ');
        const int64_t count = std::stoll(std::string(line.substr(space + 1)));
        std::string_view stack = line.substr(0, space);
        frames.clear();
        while (!stack.empty()) {
            const size_t semi = stack.find(';');
            std::string_view frame = stack.substr(0, semi);
            stack = semi == std::string_view::npos ? std::string_view{} : stack.substr(semi + 1);
            std::string_view name = frame, file = "app.py";
            uint32_t lineNo = 0;
            if (const size_t at = frame.find('@'); at != std::string_view::npos) {
                name = frame.substr(0, at);
                file = frame.substr(at + 1);
                if (const size_t colon = file.rfind(':'); colon != std::string_view::npos) {
                    lineNo = static_cast<uint32_t>(std::stoul(std::string(file.substr(colon + 1))));
                    file = file.substr(0, colon);
                }
            }
            const FrameKind kind = file.ends_with(".so") || file.find(".so.") != std::string_view::npos
                                       ? FrameKind::Native
                                       : name == "<idle>" ? FrameKind::Idle : FrameKind::Python;
            frames.push_back(profile->internFrame(profile->internFunction(name, file, kind), lineNo));
        }
        const StackId s = profile->internStack(frames);
        const ThreadIndex t = profile->threadById(thread, "thread " + std::to_string(thread));
        for (int64_t i = 0; i < count; ++i) {
            profile->appendSample(time, t, s, 1);
            time += 10'000'000;
        }
    }
    return profile;
}

// The layout as indented text, one frame a line: "name start+width", depth 1 unindented.
inline std::string dumpLayout(const FlameLayout& layout, const Profile& p) {
    std::string out;
    std::vector<FlameNode> todo;
    const auto rootKids = layout.children(layout.root());
    for (uint32_t i = rootKids.second; i-- > rootKids.first;) todo.push_back({1, i});
    while (!todo.empty()) {
        const FlameNode n = todo.back();
        todo.pop_back();
        const FlameLabel& l = layout.label(n);
        out.append((n.depth - 1) * 2, ' ');
        out += l.foldedPackage ? "[" + std::string(p.str(l.foldedPackage)) + "]"
                               : std::string(p.functionName(l.function));
        if (l.line) out += ":" + std::to_string(l.line);
        out += " " + std::to_string(layout.start(n)) + "+" + std::to_string(layout.width(n)) + "\n";
        const auto [first, last] = layout.children(n);
        for (uint32_t i = last; i-- > first;) todo.push_back({n.depth + 1, i});
    }
    return out;
}

inline FunctionId functionNamed(const Profile& p, std::string_view name) {
    for (FunctionId f = 0; f < p.functionCount(); ++f)
        if (p.functionName(f) == name) return f;
    QTest::qFail(("no function " + std::string(name)).c_str(), __FILE__, __LINE__);
    return UINT32_MAX;
}

// The first frame (by depth, then x) showing `name`.
inline FlameNode nodeNamed(const FlameLayout& layout, const Profile& p, std::string_view name) {
    for (uint32_t d = 1; d < layout.rowCount(); ++d)
        for (uint32_t i = 0; i < layout.row(d).size(); ++i) {
            const FlameLabel& l = layout.label({d, i});
            if (!l.foldedPackage && p.functionName(l.function) == name) return {d, i};
        }
    return {};
}

} // namespace spyglass::test
