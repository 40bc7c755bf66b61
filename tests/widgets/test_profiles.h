#pragma once
// Profiles for the viewer tests, built in code from collapsed-stack lines, and small helpers:
//
//   [main] main@/srv/demo/app.py:40;load:12 30     30 samples of main -> load on thread "main"
//   [worker] run;sleep@<built-in> 5 idle            5 idle samples on thread "worker"
//
// A frame is `name`, `name:line`, `name@file` or `name@file:line`; without a file it is in
// kDemoFile. Samples are 10 ms apart in the order of the lines, one weight each.
#include <QDir>
#include <QImage>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/profile.h"

namespace spyglass::testing {

inline constexpr std::string_view kDemoFile = "/srv/demo/app.py";
inline constexpr int64_t kStepNs = 10'000'000;

// Appends the samples of `text` to `p`, continuing at `time`; returns the time after the last.
inline int64_t appendCollapsed(Profile& p, std::string_view text, int64_t time = 0, std::string_view defaultFile = kDemoFile) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        if (line.empty()) continue;
        std::string thread = "main";
        if (line.front() == '[') {
            const size_t close = line.find("] ");
            thread = std::string(line.substr(1, close - 1));
            line.remove_prefix(close + 2);
        }
        uint8_t flags = 0;
        if (line.ends_with(" idle")) {
            flags = kSampleIdle;
            line.remove_suffix(5);
        }
        const size_t space = line.rfind(' ');
        const int count = std::stoi(std::string(line.substr(space + 1)));
        std::string_view stack = line.substr(0, space);
        std::vector<FrameId> frames;
        while (!stack.empty()) {
            const size_t semi = stack.find(';');
            std::string_view f = stack.substr(0, semi);
            stack = semi == std::string_view::npos ? std::string_view{} : stack.substr(semi + 1);
            uint32_t lineNo = 0;
            std::string_view file = defaultFile;
            if (const size_t colon = f.rfind(':'); colon != std::string_view::npos &&
                                                   f.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
                lineNo = static_cast<uint32_t>(std::stoul(std::string(f.substr(colon + 1))));
                f = f.substr(0, colon);
            }
            if (const size_t at = f.find('@'); at != std::string_view::npos) {
                file = f.substr(at + 1);
                f = f.substr(0, at);
            }
            const FrameKind kind = file == "<built-in>" ? FrameKind::Native : FrameKind::Python;
            frames.push_back(p.internFrame(p.internFunction(f, file == "<built-in>" ? "" : file, kind), lineNo));
        }
        const ThreadIndex t = p.threadById(std::hash<std::string>{}(thread) & 0xffffff, thread);
        const StackId s = p.internStack(frames);
        for (int i = 0; i < count; ++i, time += kStepNs) p.appendSample(time, t, s, 1, flags);
    }
    return time;
}

inline std::shared_ptr<Profile> timedProfile(std::string_view text, std::string_view defaultFile = kDemoFile) {
    auto p = std::make_shared<Profile>();
    appendCollapsed(*p, text, 0, defaultFile);
    ProfileMetadata meta = p->metadata();
    meta.pythonVersion = "3.11.2";
    meta.samplingRateHz = 100;
    p->setMetadata(meta);
    return p;
}

// A small program's profile: two threads, json and regex from the standard library, idle waits.
inline constexpr std::string_view kDemoProfile =
    "[main] main:40;load:12;loads@/usr/lib/python3.11/json/__init__.py:346;"
    "decode@/usr/lib/python3.11/json/decoder.py:337 30\n"
    "[worker] run@/usr/lib/python3.11/threading.py:975;spin:30 20\n"
    "[main] main:41;compute:20;match@/usr/lib/python3.11/re/__init__.py:166 25\n"
    "[main] main:41;compute:21 15\n"
    "[worker] run@/usr/lib/python3.11/threading.py:975;sleep@<built-in> 15 idle\n"
    "[main] main:42;save:50;dumps@/usr/lib/python3.11/json/__init__.py:231 10\n"
    "[worker] run@/usr/lib/python3.11/threading.py:975;spin:31 10\n";

inline FunctionId functionNamed(const Profile& p, std::string_view name) {
    for (FunctionId f = 0; f < p.functionCount(); ++f)
        if (p.functionName(f) == name) return f;
    QTest::qFail(("no function " + std::string(name)).c_str(), __FILE__, __LINE__);
    return 0;
}

// Where the tests put the PNGs of the views they grab (for a human, or an agent, to look at).
inline QString screenshotDir() {
    QString dir = qEnvironmentVariable("SPYGLASS_SCREENSHOT_DIR");
    if (dir.isEmpty()) dir = QDir::current().filePath(QStringLiteral("screenshots"));
    QDir().mkpath(dir);
    return dir;
}

inline QString grabToPng(QWidget* widget, const QString& name) {
    const QString path = QDir(screenshotDir()).filePath(name + QStringLiteral(".png"));
    widget->grab().save(path, "PNG");
    return path;
}

// Settings of a test go to a scratch place, never the user's.
inline void useTestSettings(const char* application) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SpyglassTests"));
    QCoreApplication::setApplicationName(QString::fromLatin1(application));
}

} // namespace spyglass::testing
