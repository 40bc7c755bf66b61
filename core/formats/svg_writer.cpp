// A self-contained interactive SVG flamegraph (icicle layout: roots on top, as py-spy draws it).
// Each frame is a <g> carrying its sample range, depth and display name in attributes, with a
// <title> tooltip (name, file:line, weight and share), a <rect> colored by the function's package
// category, and a label cut to fit. The constant script in svg_flamegraph_script.h reads those
// attributes to zoom, reset and search. Every name goes through appendXmlEscaped.
//
// Frames narrower than 0.1% of the whole are not drawn; when the narrow children of one frame
// add up to 0.1% or more they are drawn as one grey box "(N narrower frames)", so the width they
// stand for stays visible and clickable.
#include "core/formats/format_registry.h"
#include "core/formats/frame_text.h"
#include "core/formats/svg_flamegraph_script.h"
#include "core/formats/xml_text.h"
#include "core/query/call_tree.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace spyglass {

namespace {

constexpr double kWidth = 1200;
constexpr double kPad = 10;
constexpr double kFrameHeight = 16;
constexpr double kTop = 64;    // title, controls and legend
constexpr double kBottom = 28; // details line
constexpr double kCharWidth = 7.08;
constexpr double kMinShare = 0.001;

struct Box {
    int64_t start = 0;
    int64_t value = 0;
    uint32_t depth = 0;
    const CallTree* tree = nullptr; // null: a thread box or a merged box
    uint32_t node = 0;
    std::string name; // thread and merged boxes only
};

uint32_t nameHash(std::string_view s) {
    uint32_t h = 2166136261u;
    for (char c : s)
        h = (h ^ uint8_t(c)) * 16777619u;
    return h;
}

// Hue family per package category, varied a little by name so neighbours differ.
std::string colorOf(PackageCategory category, FrameKind kind, std::string_view name) {
    const uint32_t h = nameHash(name);
    const int v1 = int(h % 40), v2 = int((h >> 8) % 40);
    int r, g, b;
    if (kind == FrameKind::Thread)
        r = 190, g = 190, b = 225;
    else
        switch (category) {
        case PackageCategory::User:
            r = 225 + v1 / 2, g = 100 + v2 * 2, b = 50 + v1 / 2;
            break;
        case PackageCategory::StandardLibrary:
            r = 90 + v1, g = 150 + v2, b = 225 + v1 / 2;
            break;
        case PackageCategory::ThirdParty:
            r = 90 + v1, g = 190 + v2, b = 95 + v1;
            break;
        case PackageCategory::Native:
            r = 185 + v1 / 2, g = 160 + v2 / 2, b = 130 + v1 / 2;
            break;
        case PackageCategory::Idle:
            r = 205, g = 205, b = 205;
            break;
        default:
            r = 225 + v1 / 2, g = 195 + v2, b = 60 + v1;
            break;
        }
    return "rgb(" + std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ")";
}

void appendFixed(std::string& out, double v, int precision = 2) {
    char buf[48];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
    out.append(buf, end);
}

std::string formatValue(int64_t v, MetricUnit unit) {
    std::string s;
    switch (unit) {
    case MetricUnit::Nanoseconds:
        appendFixed(s, double(v) / 1e6, 3);
        return s + " ms";
    case MetricUnit::Bytes:
        if (v >= 1 << 20) {
            appendFixed(s, double(v) / 1048576.0, 2);
            return s + " MiB";
        }
        if (v >= 1 << 10) {
            appendFixed(s, double(v) / 1024.0, 2);
            return s + " KiB";
        }
        return std::to_string(v) + " bytes";
    case MetricUnit::Count:
        return std::to_string(v) + (v == 1 ? " event" : " events");
    case MetricUnit::Samples:
        break;
    }
    return std::to_string(v) + (v == 1 ? " sample" : " samples");
}

// Lays out one tree's children of `node` under `start` at `depth`, heaviest first.
void layoutTree(const CallTree& tree, uint32_t root, int64_t start, uint32_t depth,
                int64_t minValue, std::vector<Box>& boxes) {
    struct Todo {
        uint32_t node;
        int64_t start;
        uint32_t depth;
    };
    std::vector<Todo> todo{{root, start, depth}};
    while (!todo.empty()) {
        const Todo t = todo.back();
        todo.pop_back();
        int64_t x = t.start;
        int64_t narrow = 0;
        size_t narrowCount = 0;
        for (uint32_t child : tree.children(t.node)) {
            const int64_t v = tree.node(child).total;
            if (v <= 0) continue;
            if (v < minValue) {
                narrow += v;
                ++narrowCount;
                continue;
            }
            boxes.push_back(Box{x, v, t.depth, &tree, child, {}});
            todo.push_back({child, x, t.depth + 1});
            x += v;
        }
        if (narrowCount > 0 && narrow >= minValue)
            boxes.push_back(Box{x, narrow, t.depth, nullptr, 0,
                                "(" + std::to_string(narrowCount) + " narrower frames)"});
    }
}

} // namespace

Result<void> writeSvgFlamegraph(const Profile& p, OutputSink& out, const WriteOptions& options) {
    const ProfileSnapshot snap = ProfileSnapshot::of(p);
    const MetricUnit unit = p.metrics()[0].unit;
    TreeOptions treeOptions;
    treeOptions.byLine = options.includeLineNumbers;
    SampleFilter filter;
    filter.includeIdle = options.includeIdle;

    // One tree for all threads, or one per thread under a thread box.
    std::vector<CallTree> trees;
    std::vector<ThreadIndex> treeThreads;
    if (options.threadFrames) {
        for (ThreadIndex t = 0; t < snap.threads; ++t) {
            filter.threads = {t};
            CallTree tree = buildCallTree(snap, filter, TreeKind::TopDown, treeOptions);
            if (tree.totalWeight() <= 0) continue;
            trees.push_back(std::move(tree));
            treeThreads.push_back(t);
        }
    } else {
        trees.push_back(buildCallTree(snap, filter, TreeKind::TopDown, treeOptions));
    }
    int64_t total = 0;
    for (const CallTree& t : trees)
        total += std::max<int64_t>(0, t.totalWeight());
    const int64_t minValue = std::max<int64_t>(1, int64_t(std::ceil(double(total) * kMinShare)));

    std::vector<Box> boxes;
    int64_t x = 0;
    for (size_t i = 0; i < trees.size(); ++i) {
        const int64_t v = trees[i].totalWeight();
        if (v <= 0) continue;
        uint32_t depth = 0;
        if (options.threadFrames) {
            const ThreadInfo info = p.thread(treeThreads[i]);
            std::string name;
            appendThreadFrame(name, info.id, p.str(info.name));
            boxes.push_back(Box{x, v, 0, nullptr, 0, std::move(name)});
            depth = 1;
        }
        layoutTree(trees[i], CallTree::kRoot, x, depth, minValue, boxes);
        x += v;
    }
    uint32_t maxDepth = 0;
    for (const Box& b : boxes)
        maxDepth = std::max(maxDepth, b.depth + 1);
    const double height = kTop + maxDepth * kFrameHeight + kBottom + (boxes.empty() ? 20 : 0);
    const double scale = total > 0 ? (kWidth - 2 * kPad) / double(total) : 0;

    BufferedWriter w(out);
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
    s += "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"";
    appendFixed(s, kWidth, 0);
    s += "\" height=\"";
    appendFixed(s, height, 0);
    s += "\" viewBox=\"0 0 ";
    appendFixed(s, kWidth, 0);
    s += ' ';
    appendFixed(s, height, 0);
    s += "\" data-total=\"" + std::to_string(total) + "\" onload=\"init()\">\n";
    s += "<style>text{font-family:Verdana,sans-serif;font-size:12px;fill:#000}"
         "#frames g{cursor:pointer}#frames g:hover rect{stroke:#000;stroke-width:0.5}"
         ".control{cursor:pointer;fill:#0645ad}.legend{font-size:11px}</style>\n";
    s += "<script type=\"text/ecmascript\"><![CDATA[";
    s += kSvgFlamegraphScript;
    s += "]]></script>\n";
    s += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#f8f8f8\"/>\n";
    s += "<text id=\"title\" x=\"600\" y=\"22\" text-anchor=\"middle\" style=\"font-size:17px\">";
    appendXmlEscaped(s, options.title.empty() ? std::string_view("Flame Graph")
                                              : std::string_view(options.title));
    s += "</text>\n<text x=\"600\" y=\"40\" text-anchor=\"middle\" class=\"legend\">";
    appendXmlEscaped(s, p.metrics()[0].name);
    s += ": " + formatValue(total, unit) + " in all";
    s += "</text>\n";
    s += "<text id=\"unzoom\" class=\"control\" x=\"10\" y=\"22\" display=\"none\">Reset "
         "Zoom</text>\n";
    s += "<text id=\"search\" class=\"control\" x=\"1110\" y=\"22\">Search</text>\n";
    s += "<text id=\"matched\" x=\"1110\" y=\"40\"> </text>\n";
    // Legend: what the colours mean.
    const std::pair<PackageCategory, const char*> legend[] = {
        {PackageCategory::User, "your code"},
        {PackageCategory::StandardLibrary, "standard library"},
        {PackageCategory::ThirdParty, "third-party"},
        {PackageCategory::Native, "native"},
        {PackageCategory::Unknown, "other"}};
    double lx = 10;
    for (const auto& [category, text] : legend) {
        s += "<rect x=\"";
        appendFixed(s, lx, 0);
        s += "\" y=\"47\" width=\"10\" height=\"10\" fill=\"" +
             colorOf(category, FrameKind::Python, "") + "\"/>";
        s += "<text class=\"legend\" x=\"";
        appendFixed(s, lx + 14, 0);
        s += "\" y=\"56\">" + std::string(text) + "</text>\n";
        lx += 130;
    }
    if (boxes.empty())
        s += "<text x=\"600\" y=\"84\" text-anchor=\"middle\">No samples to show</text>\n";
    s += "<g id=\"frames\">\n";
    w.put(s);

    std::string name, fileLine;
    for (const Box& b : boxes) {
        s.clear();
        PackageCategory category = PackageCategory::Unknown;
        FrameKind kind = FrameKind::Thread;
        fileLine.clear();
        if (b.tree) {
            const CallTreeNode& n = b.tree->node(b.node);
            const Function& fn = p.function(n.function);
            name = b.tree->label(p, b.node);
            category = fn.category;
            kind = fn.kind;
            fileLine = std::string(p.str(fn.file));
            if (!fileLine.empty() && !options.fullFilenames)
                fileLine = std::string(shortenPath(fileLine));
            if (!fileLine.empty() && n.line) fileLine += ":" + std::to_string(n.line);
        } else {
            name = b.name;
            if (b.depth > 0 || !options.threadFrames)
                kind = FrameKind::Idle, category = PackageCategory::Idle;
        }
        const double bx = kPad + double(b.start) * scale, bw = double(b.value) * scale;
        const double by = kTop + b.depth * kFrameHeight;
        s += "<g data-s=\"" + std::to_string(b.start) + "\" data-v=\"" + std::to_string(b.value) +
             "\" data-d=\"" + std::to_string(b.depth) + "\" data-n=\"";
        appendXmlEscaped(s, name);
        s += "\"><title>";
        appendXmlEscaped(s, name);
        if (!fileLine.empty()) {
            s += " (";
            appendXmlEscaped(s, fileLine);
            s += ')';
        }
        s += " \xE2\x80\x94 " + formatValue(b.value, unit) + ", ";
        appendFixed(s, total > 0 ? 100.0 * double(b.value) / double(total) : 0.0);
        s += "%</title><rect x=\"";
        appendFixed(s, bx);
        s += "\" y=\"";
        appendFixed(s, by, 0);
        s += "\" width=\"";
        appendFixed(s, bw);
        s += "\" height=\"";
        appendFixed(s, kFrameHeight - 1, 0);
        s += "\" fill=\"" + colorOf(category, kind, name) + "\"/><text x=\"";
        appendFixed(s, bx + 3);
        s += "\" y=\"";
        appendFixed(s, by + 11.5, 1);
        s += "\">";
        const double chars = std::floor((bw - 6) / kCharWidth);
        if (chars >= 3) {
            bool cut = false;
            std::string_view shown = truncateUtf8(name, size_t(chars), cut);
            if (cut) shown = truncateUtf8(name, size_t(chars) - 2, cut);
            appendXmlEscaped(s, shown);
            if (cut) s += "..";
        }
        s += "</text></g>\n";
        w.put(s);
    }
    s.clear();
    s += "</g>\n<text id=\"details\" x=\"10\" y=\"";
    appendFixed(s, height - 10, 0);
    s += "\"> </text>\n</svg>\n";
    w.put(s);
    return w.finish();
}

} // namespace spyglass
