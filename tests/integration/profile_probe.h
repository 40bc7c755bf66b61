#pragma once
// Questions the integration tests ask of a recorded profile.
#include "core/model/profile.h"

#include <map>
#include <string>
#include <vector>

namespace spyglass::testing {

struct ProfileProbe {
    const Profile& p;

    std::vector<FrameId> framesOf(size_t sample) const {
        std::vector<FrameId> frames;
        p.stackFrames(p.sampleStack(sample), frames);
        return frames;
    }
    std::string nameOf(FrameId f) const { return std::string(p.functionName(p.frame(f).function)); }
    std::string fileOf(FrameId f) const { return std::string(p.functionFile(p.frame(f).function)); }
    std::string threadNameOf(size_t sample) const {
        return std::string(p.str(p.thread(p.sampleThread(sample)).name));
    }

    // Samples with `function` anywhere on the stack.
    size_t samplesThrough(const std::string& function) const {
        size_t n = 0;
        for (size_t i = 0; i < p.sampleCount(); ++i)
            for (FrameId f : framesOf(i))
                if (nameOf(f) == function) {
                    ++n;
                    break;
                }
        return n;
    }
    // Samples whose innermost frame is in `function`, per line.
    std::map<uint32_t, size_t> leafLines(const std::string& function) const {
        std::map<uint32_t, size_t> lines;
        for (size_t i = 0; i < p.sampleCount(); ++i) {
            const auto frames = framesOf(i);
            if (!frames.empty() && nameOf(frames.back()) == function)
                lines[p.frame(frames.back()).line]++;
        }
        return lines;
    }
    uint32_t busiestLeafLine(const std::string& function) const {
        uint32_t best = 0;
        size_t most = 0;
        for (auto [line, n] : leafLines(function))
            if (n > most) {
                most = n;
                best = line;
            }
        return best;
    }
    // The file of the first function with this name, "" when absent.
    std::string fileOfFunction(const std::string& function) const {
        for (FunctionId f = 0; f < p.functionCount(); ++f)
            if (p.functionName(f) == function) return std::string(p.functionFile(f));
        return {};
    }
    bool hasFunction(const std::string& function) const {
        for (FunctionId f = 0; f < p.functionCount(); ++f)
            if (p.functionName(f) == function) return true;
        return false;
    }
    // The most frames of `function` in one stack.
    size_t deepest(const std::string& function) const {
        size_t best = 0;
        for (size_t i = 0; i < p.sampleCount(); ++i) {
            size_t n = 0;
            for (FrameId f : framesOf(i))
                n += nameOf(f) == function;
            best = std::max(best, n);
        }
        return best;
    }
    // Samples per thread name, for threads whose stacks pass through `function`.
    std::map<std::string, size_t> threadsThrough(const std::string& function) const {
        std::map<std::string, size_t> out;
        for (size_t i = 0; i < p.sampleCount(); ++i)
            for (FrameId f : framesOf(i))
                if (nameOf(f) == function) {
                    out[threadNameOf(i)]++;
                    break;
                }
        return out;
    }
    // Function names seen, for failure messages.
    std::string functionList() const {
        std::string s;
        for (FunctionId f = 0; f < p.functionCount() && f < 60; ++f)
            s += std::string(p.functionName(f)) + ", ";
        return s;
    }
};

} // namespace spyglass::testing
