// Reads the stacks of real CPython processes (every interpreter installed here) and compares them
// with what CPython itself reports for the same threads (the workload's oracle), plus the known
// shape of each thread: qualified names, files, lines past 65,535, a 200-deep recursion,
// generators, coroutines, code compiled from a string, non-ASCII names and paths, thread names,
// native thread ids and the GIL holder.
#include <gtest/gtest.h>


#include <nlohmann/json.hpp>
#include <set>

#include "core/model/profile.h"
#include "core/process/process_list.h"
#include "core/sampling/stack_reader.h"
#include "cpython_workload.h"

using namespace spyglass;
using namespace spyglass::testing;

namespace {

struct FrameText {
    std::string name, file;
    int line = 0;
    bool operator==(const FrameText&) const = default;
};

std::string show(const std::vector<FrameText>& frames) {
    std::string s;
    for (const auto& f : frames) s += "  " + f.name + " (" + f.file + ":" + std::to_string(f.line) + ")\n";
    return s;
}

std::vector<FrameText> framesOf(const Profile& p, const ThreadStack& s) {
    std::vector<FrameText> out;
    for (FrameId id : s.frames) {
        const Frame& f = p.frame(id);
        out.push_back({std::string(p.functionName(f.function)), std::string(p.functionFile(f.function)),
                       static_cast<int>(f.line)});
    }
    return out;
}

class CpythonStackTest : public ::testing::TestWithParam<Interpreter> {};

TEST_P(CpythonStackTest, StacksMatchWhatCPythonReports) {
    const Interpreter& interp = GetParam();
    const std::string minor = pythonMinor(interp);
    ASSERT_FALSE(minor.empty()) << interp.path << " does not run";
    const bool py3 = minor[0] == '3';
    const int minorNumber = std::stoi(minor.substr(2));
    const bool qualnames = py3 && minorNumber >= 11;

    Workload w;
    ASSERT_TRUE(w.start(interp.path)) << "workload did not start under " << interp.path;
    const auto oracle = nlohmann::json::parse(readFile(w.oracle));
    const int pid = w.child.pid();

    auto reader = openPythonProcess(pid);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ((*reader)->pythonVersion().rfind(minor + ".", 0), 0u)
        << "version read from the target: " << (*reader)->pythonVersion() << ", interpreter says " << minor;
    EXPECT_EQ((*reader)->pid(), pid);

    const std::string& src = w.source;
    const int farWhile = lineOf(src, "@far-while"), farBody = lineOf(src, "@far-body");
    ASSERT_GT(farWhile, 140000);

    Profile profile;
    std::vector<ThreadStack> stacks;
    std::vector<std::string> problems;
    bool mainHeldGil = false;
    int goodReads = 0, tornReads = 0;
    for (int attempt = 0; attempt < 200 && goodReads < 3; ++attempt) {
        auto r = (*reader)->readStacks(profile, stacks);
        if (!r) {
            ASSERT_EQ(r.error().kind, ErrorKind::Torn) << r.error().message;
            ++tornReads;
            continue;
        }
        problems.clear();
        int gilHolders = 0;
        for (const auto& s : stacks) gilHolders += s.holdsGil;
        if (gilHolders > 1) problems.push_back(std::to_string(gilHolders) + " threads hold the GIL");
        const auto tasks = process::processThreadIds(pid);

        // Every parked thread: exactly CPython's own view of it.
        for (const auto& t : oracle["threads"]) {
            const uint64_t ident = t["ident"].get<uint64_t>();
            const std::string name = t["name"].get<std::string>();
            auto it = std::find_if(stacks.begin(), stacks.end(), [&](const ThreadStack& s) { return s.pythonThreadId == ident; });
            if (it == stacks.end()) {
                problems.push_back("thread " + name + " missing");
                continue;
            }
            if (it->name != name) problems.push_back("thread name '" + it->name + "' instead of '" + name + "'");
            if (!t["native_id"].is_null() && it->nativeThreadId != t["native_id"].get<uint64_t>())
                problems.push_back("thread " + name + ": native id " + std::to_string(it->nativeThreadId) +
                                   " instead of " + std::to_string(t["native_id"].get<uint64_t>()));
            if (!tasks.count(static_cast<int64_t>(it->nativeThreadId)) || it->nativeThreadId == uint64_t(pid))
                problems.push_back("thread " + name + ": native id " + std::to_string(it->nativeThreadId) +
                                   " is not one of the process's other tasks");
            std::vector<FrameText> expected;
            for (const auto& f : t["frames"])
                expected.push_back({f[qualnames ? 1 : 0].get<std::string>(), f[2].get<std::string>(), f[3].get<int>()});
            const auto got = framesOf(profile, *it);
            if (got != expected)
                problems.push_back("thread " + name + ":\nexpected\n" + show(expected) + "got\n" + show(got));
        }

        // The main thread spins in far_function, past line 140,000 of its file.
        auto main = std::find_if(stacks.begin(), stacks.end(), [&](const ThreadStack& s) {
            return s.pythonThreadId == oracle["main"]["ident"].get<uint64_t>();
        });
        if (main == stacks.end()) {
            problems.push_back("main thread missing");
        } else {
            if (main->name != "MainThread") problems.push_back("main thread named '" + main->name + "'");
            if (main->nativeThreadId != uint64_t(pid)) problems.push_back("main thread's native id is not the pid");
            mainHeldGil |= main->holdsGil;
            const auto got = framesOf(profile, *main);
            const std::vector<FrameText> expected = {
                {"far_function", w.script, got.empty() ? 0 : got[0].line},
                {qualnames ? "Outer.method" : "method", w.script, lineOf(src, "@outer-call")},
                {"<module>", w.script, lineOf(src, "@module-call")}};
            if (got != expected || (got[0].line != farWhile && got[0].line != farBody))
                problems.push_back("main thread:\nexpected far_function at " + std::to_string(farWhile) + " or " +
                                   std::to_string(farBody) + " then\n" + show(expected) + "got\n" + show(got));
        }
        if (problems.empty()) ++goodReads;
    }
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    EXPECT_EQ(goodReads, 3) << interp.label << " (" << tornReads << " torn reads):\n" << all;
    EXPECT_TRUE(mainHeldGil) << "the spinning main thread was never seen holding the GIL";

    // The specific shapes, so a wrong oracle cannot hide a wrong reader.
    auto stackNamed = [&](const std::string& name) -> std::vector<FrameText> {
        for (const auto& s : stacks)
            if (s.name == name) return framesOf(profile, s);
        return {};
    };
    const auto recursor = stackNamed("recursor");
    EXPECT_EQ(std::count_if(recursor.begin(), recursor.end(), [](const FrameText& f) { return f.name == "recurse"; }), 201);
    ASSERT_FALSE(recursor.empty());
    EXPECT_EQ(recursor[0], (FrameText{"sleeper_leaf", w.script, lineOf(src, "@sleep-leaf")}));
    EXPECT_EQ(recursor[1], (FrameText{"recurse", w.script, lineOf(src, "@recurse-bottom")}));
    EXPECT_EQ(recursor[2], (FrameText{"recurse", w.script, lineOf(src, "@recurse-step")}));

    const auto gen = stackNamed("gen-thread");
    ASSERT_GE(gen.size(), 2u);
    EXPECT_EQ(gen[0], (FrameText{"ticker", w.script, lineOf(src, "@ticker-sleep")}));
    EXPECT_EQ(gen[1], (FrameText{"consume", w.script, lineOf(src, "@consume-for")}));

    const auto compiled = stackNamed("compiled");
    ASSERT_GE(compiled.size(), 2u);
    EXPECT_EQ(compiled[0], (FrameText{"from_string", "<generated-code>", 5}));
    EXPECT_EQ(compiled[1], (FrameText{"run_compiled", w.script, lineOf(src, "@compiled-call")}));

    const auto negative = stackNamed("negative");
    ASSERT_FALSE(negative.empty());
    EXPECT_EQ(negative[0].name, "negative_delta");
    EXPECT_TRUE(negative[0].line == lineOf(src, "@negative-call") || negative[0].line == lineOf(src, "@negative-arg"))
        << negative[0].line;

    if (py3) {
        const std::string module = w.dir.path() + "/unicode_names.py";
        const auto uni = stackNamed("ünïcode-thread");
        ASSERT_GE(uni.size(), 2u) << "no thread named ünïcode-thread";
        EXPECT_EQ(uni[0], (FrameText{"grüße_λ", module, lineOf(kUnicodeModule, "@unicode-sleep")}));
        EXPECT_EQ(uni[1], (FrameText{qualnames ? "Ünïcode.méthode" : "méthode", module, lineOf(kUnicodeModule, "@unicode-call")}));

        const std::string coros = w.dir.path() + "/coros.py";
        const auto coro = stackNamed("coro-thread");
        ASSERT_GE(coro.size(), 3u);
        EXPECT_EQ(coro[0], (FrameText{"coro_leaf", coros, lineOf(kCoroModule, "@coro-sleep")}));
        EXPECT_EQ(coro[1], (FrameText{"coro_outer", coros, lineOf(kCoroModule, "@coro-await")}));
        EXPECT_EQ(coro[2], (FrameText{"drive", coros, lineOf(kCoroModule, "@coro-drive")}));
    }
}

INSTANTIATE_TEST_SUITE_P(Installed, CpythonStackTest, ::testing::ValuesIn(findInterpreters()), interpreterTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CpythonStackTest);

} // namespace
