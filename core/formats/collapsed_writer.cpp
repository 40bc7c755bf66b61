// Folded stacks in py-spy's `raw` style: `function (file:line)` frames root first, ';' between
// them, one distinct stack a line and its summed weight (metric 0) last. Identical stacks (and,
// with thread frames, identical thread + stack) are written once, in order of first appearance,
// so the output is deterministic. Stacks whose weight sums to zero or less are left out: folded
// stacks cannot say "negative samples".
//
// Options: includeLineNumbers=false writes `function (file)`; fullFilenames=false shortens paths
// the way py-spy does by default; threadFrames puts a `thread (ID): name` frame at the root;
// includeIdle=false drops samples flagged idle. Thread frames go after any process frames, as
// py-spy writes them.
#include "core/formats/format_registry.h"
#include "core/formats/frame_text.h"
#include "core/model/flat_hash_map.h"

#include <vector>

namespace spyglass {

Result<void> writeCollapsed(const Profile& p, OutputSink& out, const WriteOptions& options) {
    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    // (thread, stack) -> index into `lines`, in first-seen order.
    struct Line {
        ThreadIndex thread;
        StackId stack;
        int64_t weight;
    };
    std::vector<Line> lines;
    FlatHashMap64 index;
    for (size_t i = 0; i < snap.samples; ++i) {
        const StackId stack = p.sampleStack(i);
        if (stack == kNoStack || stack >= snap.stacks) continue;
        if (!options.includeIdle && (p.sampleFlags(i) & kSampleIdle)) continue;
        const ThreadIndex thread = options.threadFrames ? p.sampleThread(i) : 0;
        const uint32_t next = static_cast<uint32_t>(lines.size());
        const uint32_t at = index.insert(packKey(thread, stack), next);
        if (at == next) lines.push_back(Line{thread, stack, 0});
        lines[at].weight += p.sampleWeight(i, 0);
    }

    BufferedWriter writer(out);
    std::vector<FrameId> frames;
    std::string text;
    // The text of each stack prefix is rebuilt per line; a cache of frame texts keeps that cheap.
    std::vector<std::string> frameText(snap.frames);
    std::vector<uint8_t> haveText(snap.frames, 0);
    for (const Line& line : lines) {
        if (line.weight <= 0) continue;
        text.clear();
        p.stackFrames(line.stack, frames);
        // py-spy's order: process frames, then the thread frame, then the Python stack.
        size_t firstReal = 0;
        while (firstReal < frames.size() &&
               p.function(p.frame(frames[firstReal]).function).kind == FrameKind::Thread)
            ++firstReal;
        for (size_t i = 0; i < frames.size(); ++i) {
            if (options.threadFrames && i == firstReal) {
                const ThreadInfo t = p.thread(line.thread);
                appendThreadFrame(text, t.id, p.str(t.name));
                text += ';';
            }
            const FrameId f = frames[i];
            if (!haveText[f]) {
                appendFrameText(frameText[f], p, f, options.includeLineNumbers,
                                options.fullFilenames);
                haveText[f] = 1;
            }
            text += frameText[f];
            text += ';';
        }
        if (options.threadFrames && firstReal == frames.size()) {
            const ThreadInfo t = p.thread(line.thread);
            appendThreadFrame(text, t.id, p.str(t.name));
            text += ';';
        }
        text.back() = ' ';
        text += std::to_string(line.weight);
        text += '\n';
        writer.put(text);
    }
    return writer.finish();
}

} // namespace spyglass
