#pragma once
// Builds profiles from short collapsed-stack strings, so query tests read like their input:
//   "main;work;inner 3\nmain;idle 1"
// A frame may carry a line ("work:12") and a file ("work@/srv/app.py:12"). A line may start with
// "[thread] " to put its samples on that thread, and with "@time " to set their timestamp.
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/profile.h"

namespace spyglass::testing {

inline std::unique_ptr<Profile> profileFromCollapsed(std::string_view text,
                                                     std::vector<Metric> metrics = {}) {
    auto p = std::make_unique<Profile>(metrics.empty() ? std::vector<Metric>{{"cpu", MetricUnit::Samples}}
                                                       : metrics);
    std::istringstream in{std::string(text)};
    std::string line;
    int64_t autoTime = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::string_view rest = line;
        std::string thread = "main";
        int64_t time = autoTime++;
        if (rest.starts_with("[")) {
            const size_t close = rest.find("] ");
            thread = std::string(rest.substr(1, close - 1));
            rest.remove_prefix(close + 2);
        }
        if (rest.starts_with("@")) {
            const size_t sp = rest.find(' ');
            time = std::stoll(std::string(rest.substr(1, sp - 1)));
            rest.remove_prefix(sp + 1);
        }
        const size_t space = rest.rfind(' ');
        const int64_t count = std::stoll(std::string(rest.substr(space + 1)));
        std::string_view stack = rest.substr(0, space);
        std::vector<FrameId> frames;
        while (!stack.empty()) {
            const size_t semi = stack.find(';');
            std::string_view f = stack.substr(0, semi);
            stack = semi == std::string_view::npos ? std::string_view{} : stack.substr(semi + 1);
            uint32_t lineNo = 0;
            std::string file = "app.py";
            if (const size_t colon = f.rfind(':'); colon != std::string_view::npos) {
                lineNo = static_cast<uint32_t>(std::stoul(std::string(f.substr(colon + 1))));
                f = f.substr(0, colon);
            }
            if (const size_t at = f.find('@'); at != std::string_view::npos) {
                file = std::string(f.substr(at + 1));
                f = f.substr(0, at);
            }
            frames.push_back(p->internFrame(p->internFunction(f, file), lineNo));
        }
        // Thread ids are derived from the name so the same name maps to the same thread.
        const ThreadIndex t = p->threadById(std::hash<std::string>{}(thread), thread);
        p->appendSample(time, t, p->internStack(frames), count);
    }
    return p;
}

} // namespace spyglass::testing
