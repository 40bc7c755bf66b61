// The SVG flamegraph: parsed back with a real XML parser (Python's xml.dom.minidom, run as a
// subprocess), hostile names must stay text, frames carry what the script and tooltip need,
// narrow frames are merged, and large profiles are written whole.
#include "core/format_test_util.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace spyglass;
using namespace spyglass::testing;

namespace {

// Parses an SVG with Python's XML parser and prints what the tests check, one fact a line:
//   elements <comma-separated tag names>, scripts N, script-has <needle>, frame <data-n>|<title>
const char* const kInspect = R"PY(
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
tags = sorted({e.tagName for e in doc.getElementsByTagName("*")})
print("elements " + ",".join(tags))
scripts = doc.getElementsByTagName("script")
print("scripts %d" % len(scripts))
code = "".join(n.data for s in scripts for n in s.childNodes)
for needle in sys.argv[2:]:
    print("script-has %s %s" % (needle, needle in code))
print("root-total " + doc.documentElement.getAttribute("data-total"))
for g in doc.getElementsByTagName("g"):
    if g.getAttribute("id") == "frames": continue
    t = g.getElementsByTagName("title")[0].firstChild.data
    print("frame %s|%s|%s|%s" % (g.getAttribute("data-n"), t, g.getAttribute("data-d"), g.getAttribute("data-v")))
)PY";

struct Inspection {
    int exitCode = -1;
    std::string out;
};

Inspection inspect(const std::string& svgPath, const std::vector<std::string>& needles = {}) {
    const std::string script = spyglass::testing::testTempPath("inspect_svg.py");
    {
        std::FILE* f = std::fopen(script.c_str(), "w");
        std::fputs(kInspect, f);
        std::fclose(f);
    }
    // Debian's interpreter when present: a pyenv shim costs a second or two per start.
    const char* python = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    std::string cmd = std::string(python) + " '" + script + "' '" + svgPath + "'";
    for (const std::string& n : needles)
        cmd += " '" + n + "'";
    cmd += " 2>&1";
    Inspection r;
    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        r.out.append(buf, n);
    r.exitCode = ::pclose(pipe);
    return r;
}

std::string writeSvg(const Profile& p, const WriteOptions& o = {},
                     const std::string& name = "out.svg") {
    writeToString(p, FileFormat::Svg, o, name);
    return spyglass::testing::testTempPath(name);
}

bool has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST(SvgWriter, RealProfileParsesAndCarriesTooltipData) {
    auto p = mustRead(profilesDir() + "austin/wall-3.7.austin");
    WriteOptions o;
    o.threadFrames = true;
    o.title = "Austin wall";
    const Inspection r = inspect(writeSvg(*p, o), {"getAttribute", "prompt"});
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_TRUE(has(r.out, "elements g,rect,script,style,svg,text,title\n")) << r.out;
    EXPECT_TRUE(has(r.out, "scripts 1\n"));
    EXPECT_TRUE(has(r.out, "script-has getAttribute True"));
    EXPECT_TRUE(has(r.out, "root-total 6047451000\n"));
    // Thread boxes at depth 0, then the frames with name, file:line, weight and share.
    EXPECT_TRUE(has(
        r.out, "frame thread (1322)|thread (1322) \xE2\x80\x94 3044.459 ms, 50.34%|0|3044459000\n"))
        << r.out;
    EXPECT_TRUE(has(r.out, "frame main:21|main:21 (/srv/demo/app.py:21) \xE2\x80\x94 2969.786 ms, "
                           "49.11%|2|2969786000\n"))
        << r.out;
    EXPECT_TRUE(has(r.out, "frame dumps:231|dumps:231 (/usr/lib/python3.11/json/__init__.py:231)"));
}

TEST(SvgWriter, HostileNamesStayText) {
    const std::vector<std::string> hostile = {
        "<script>alert(1)</script>",
        "]]><script>alert(2)</script><![CDATA[",
        "a & b \"quoted\" 'single' <tag attr=\"x\">",
        "bad\xFF\xFEutf8 \x01\x02 control",
        "</title></g><g onclick=\"alert(3)\"><title>",
    };
    Profile p;
    const ThreadIndex t = p.addThread(1, "<thread & \"name\">");
    std::vector<FrameId> stack;
    for (const std::string& name : hostile) {
        stack.push_back(p.internFrame(p.internFunction(name, "/srv/<evil>&\"file\".py"), 7));
        p.appendSample(0, t, p.internStack(stack), 10);
    }
    WriteOptions o;
    o.title = "]]></script><script>alert(4)</script>";
    o.threadFrames = true;
    const std::string path = writeSvg(p, o, "hostile.svg");
    const Inspection r = inspect(path, {"alert"});
    ASSERT_EQ(r.exitCode, 0) << r.out; // well-formed XML
    EXPECT_TRUE(has(r.out, "elements g,rect,script,style,svg,text,title\n")) << r.out;
    EXPECT_TRUE(has(r.out, "scripts 1\n")) << r.out;
    EXPECT_TRUE(has(r.out, "script-has alert False")) << r.out;
    // Each name comes back as text, byte for byte where it was valid UTF-8.
    EXPECT_TRUE(has(r.out, "frame <script>alert(1)</script>:7|<script>alert(1)</script>:7 "
                           "(/srv/<evil>&\"file\".py:7)"))
        << r.out;
    EXPECT_TRUE(has(r.out, "frame ]]><script>alert(2)</script><![CDATA[:7|")) << r.out;
    EXPECT_TRUE(has(r.out, "frame a & b \"quoted\" 'single' <tag attr=\"x\">:7|")) << r.out;
    EXPECT_TRUE(
        has(r.out, "frame bad\xEF\xBF\xBD\xEF\xBF\xBDutf8 \xEF\xBF\xBD\xEF\xBF\xBD control:7|"))
        << r.out;
    EXPECT_TRUE(has(r.out, "frame </title></g><g onclick=\"alert(3)\"><title>:7|")) << r.out;
    EXPECT_TRUE(has(r.out, "frame thread (1): <thread & \"name\">|")) << r.out;
    // And the raw file never holds the markup unescaped.
    const std::string raw = slurp(path);
    EXPECT_FALSE(has(raw, "<script>alert"));
    EXPECT_FALSE(has(raw, "<g onclick"));
    EXPECT_EQ(raw.find("]]>"), raw.rfind("]]>")); // only the end of our own CDATA section
}

TEST(SvgWriter, NarrowFramesAreMergedIntoOneBox) {
    Profile p;
    const ThreadIndex t = p.addThread(1, "main");
    const FrameId root = p.internFrame(p.internFunction("main", "/srv/app.py"), 1);
    const FrameId big = p.internFrame(p.internFunction("big", "/srv/app.py"), 2);
    p.appendSample(0, t, p.internStack(std::vector<FrameId>{root, big}), 100000);
    for (int i = 0; i < 3000; ++i) { // each 0.01% of the total: too narrow to draw
        const FrameId tiny =
            p.internFrame(p.internFunction("tiny" + std::to_string(i), "/srv/app.py"), 3);
        p.appendSample(i + 1, t, p.internStack(std::vector<FrameId>{root, tiny}), 10);
    }
    const Inspection r = inspect(writeSvg(p, {}, "narrow.svg"));
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_FALSE(has(r.out, "frame tiny"));
    EXPECT_TRUE(has(r.out, "frame (3000 narrower frames)|(3000 narrower frames) \xE2\x80\x94 30000 "
                           "samples, 23.08%|1|30000\n"))
        << r.out;
    EXPECT_TRUE(has(r.out, "frame big:2|"));
}

TEST(SvgWriter, EmptyProfileStillGivesAValidFile) {
    Profile p;
    const Inspection r = inspect(writeSvg(p, {}, "empty.svg"));
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_TRUE(has(r.out, "root-total 0\n"));
}

TEST(SvgWriter, HundredThousandFrameProfileIsWrittenWhole) {
    // A balanced tree: 10 x 10 x 10 x 10 x 10 paths -> 111,110 call-tree nodes.
    Profile p;
    const ThreadIndex t = p.addThread(1, "main");
    std::vector<FrameId> level[5];
    for (int d = 0; d < 5; ++d)
        for (int i = 0; i < 10; ++i)
            level[d].push_back(p.internFrame(
                p.internFunction("f" + std::to_string(d) + "_" + std::to_string(i), "/srv/app.py"),
                1));
    std::vector<FrameId> stack(5);
    for (int i = 0; i < 100000; ++i) {
        int k = i;
        for (int d = 4; d >= 0; --d, k /= 10)
            stack[size_t(d)] = level[d][size_t(k % 10)];
        p.appendSample(i, t, p.internStack(stack), 1);
    }
    const Inspection r = inspect(writeSvg(p, {}, "large.svg"));
    ASSERT_EQ(r.exitCode, 0) << r.out.substr(0, 500);
    size_t frames = 0;
    for (size_t at = 0; (at = r.out.find("\nframe ", at)) != std::string::npos; ++at)
        ++frames;
    // Levels 1-3 are drawn whole (1,110 boxes, the third at exactly 0.1% each); the 10,000 nodes
    // of level 4 (0.01% each) become one box per parent, and nothing below those is drawn.
    EXPECT_EQ(frames, 10u + 100u + 1000u + 1000u);
}
