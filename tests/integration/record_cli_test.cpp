// `spyglass record` on real Python processes of every interpreter on the machine: launch mode,
// attach mode, --blocking, a program that exits during the recording, Ctrl-C.
#include "core/formats/profile_io.h"
#include "core/sampling/thread_states.h"
#include "integration/profile_probe.h"
#include "integration/python_targets.h"
#include "integration/workloads.h"

#include <fstream>
#include <gtest/gtest.h>
#include <regex>

using namespace spyglass;
using namespace spyglass::testing;
using namespace std::chrono_literals;

namespace {

class RecordCli : public ::testing::TestWithParam<Interpreter> {};

std::unique_ptr<Profile> load(const std::string& path) {
    auto p = readProfileFile(path);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? std::move(*p) : std::make_unique<Profile>();
}

// Collapsed files come back as one weighted sample per distinct stack.
int64_t totalWeight(const Profile& p) {
    int64_t w = 0;
    for (size_t i = 0; i < p.sampleCount(); ++i)
        w += p.sampleWeight(i, 0);
    return w;
}

struct RecursionStacks {
    size_t right = 0, wrong = 0;
};

// Samples whose leaf is leaf_of_recursion: exactly <module>, 200 × recurse, leaf, with lines?
RecursionStacks countRecursionStacks(const ProfileProbe& probe, const std::string& text) {
    RecursionStacks out;
    const Profile& p = probe.p;
    for (size_t i = 0; i < p.sampleCount(); ++i) {
        const auto frames = probe.framesOf(i);
        if (frames.empty() || probe.nameOf(frames.back()) != "leaf_of_recursion") continue;
        bool ok = frames.size() == 202 && probe.nameOf(frames[0]) == "<module>" &&
                  p.frame(frames[200]).line == lineOf(text, "# LINE:callleaf");
        for (size_t k = 1; ok && k <= 200; ++k)
            ok = probe.nameOf(frames[k]) == "recurse" &&
                 (k == 200 || p.frame(frames[k]).line == lineOf(text, "# LINE:recurse"));
        const int64_t w = p.sampleWeight(i, 0);
        (ok ? out.right : out.wrong) += size_t(w);
    }
    return out;
}

} // namespace

TEST_P(RecordCli, LaunchedProgramFunctionsFilesLinesThreadsAndRecursion) {
    const Interpreter& py = GetParam();
    const bool py3 = py.major >= 3;
    TempDir dir("record");
    const std::string text = featuresProgram(py3, 1.8);
    const std::string script = dir.write("données δ/script_ü.py", text);
    const std::string out = dir.file("out.spyglass");
    const RunResult r = runSpyglass({"record", "-o", out, "-r", "250", "--", py.path, script}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("wrote " + out), std::string::npos) << r.err;
    auto profile = load(out);
    const ProfileProbe probe{*profile};
    ASSERT_GT(profile->sampleCount(), 100u) << r.err;
    SCOPED_TRACE("functions: " + probe.functionList());

    const std::string method = py.atLeast(3, 11) ? "Outer.Inner.method" : "method";
    EXPECT_GT(probe.samplesThrough(method), 10u);
    EXPECT_EQ(probe.fileOfFunction(method), script);
    EXPECT_EQ(probe.busiestLeafLine(method), lineOf(text, "# LINE:method"));

    // recurse(200) calls itself down to depth 1: in a stack ending in the leaf, 200 recurse frames
    // under <module>, 199 waiting on the recursive call's line and the deepest on the leaf's call.
    // (Whether any stack is wrong is RecordCli.NonBlockingSamplesAreNeverWrongStacks's question.)
    EXPECT_EQ(probe.busiestLeafLine("leaf_of_recursion"), lineOf(text, "# LINE:leaf"));
    EXPECT_GT(countRecursionStacks(probe, text).right, 10u);
    EXPECT_EQ(probe.fileOfFunction("generated_fn"), "<generated>");
    EXPECT_EQ(probe.busiestLeafLine("generated_fn"), 3u);
    if (py3) {
        EXPECT_GT(probe.samplesThrough("вычислить_λ"), 5u);
        EXPECT_EQ(probe.busiestLeafLine("вычислить_λ"), lineOf(text, "# LINE:unicode"));
    }

    const auto workerThreads = probe.threadsThrough("worker_loop");
    EXPECT_EQ(workerThreads.size(), 1u);
    EXPECT_GT(workerThreads.count("spyglass-worker"), 0u)
        << "worker thread named " << (workerThreads.empty() ? "-" : workerThreads.begin()->first);
    EXPECT_EQ(probe.busiestLeafLine("burn"), lineOf(text, "# LINE:burn"));
    const auto mainThreads = probe.threadsThrough("recurse");
    EXPECT_EQ(mainThreads.size(), 1u);
    EXPECT_GT(mainThreads.count("MainThread"), 0u);

    const ProfileMetadata meta = profile->metadata();
    EXPECT_TRUE(meta.pythonVersion.starts_with(std::to_string(py.major) + "." +
                                               std::to_string(py.minor) + "."))
        << meta.pythonVersion;
    EXPECT_EQ(meta.samplingRateHz, 250);
    EXPECT_NE(meta.commandLine.find(script), std::string::npos);
    EXPECT_GT(meta.durationNs, 1'000'000'000);
    // The launched program ran to its end: no process left behind.
    EXPECT_EQ(processState(int(meta.pid)), 0);
}

TEST_P(RecordCli, ProgramThatExitsDuringTheRecordingKeepsItsSamples) {
    const Interpreter& py = GetParam();
    TempDir dir("exit");
    const std::string script = dir.write("short.py", shareProgram(0.8));
    const std::string out = dir.file("out.txt");
    const auto start = std::chrono::steady_clock::now();
    const RunResult r =
        runSpyglass({"record", "-o", out, "-r", "200", "-d", "60", "--", py.path, script}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
    EXPECT_NE(r.err.find("ended"), std::string::npos) << r.err;
    const std::string collapsed = readFile(out);
    EXPECT_NE(collapsed.find("hot (short.py:"), std::string::npos) << collapsed.substr(0, 2000);
    auto profile = load(out);
    EXPECT_GT(totalWeight(*profile), 30);
}

// -F/--function as py-spy's: each function's samples at its first line (the `def`), in the file
// too.
TEST_P(RecordCli, FunctionModeWritesFirstLines) {
    const Interpreter& py = GetParam();
    TempDir dir("function");
    const std::string text = shareProgram(0.8);
    const std::string script = dir.write("share.py", text);
    const std::string out = dir.file("out.txt");
    const RunResult r =
        runSpyglass({"record", "-F", "-o", out, "-r", "200", "--", py.path, script}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string collapsed = readFile(out);
    const std::string hot = "hot (share.py:" + std::to_string(lineOf(text, "def hot()")) + ")";
    const std::string cold = "cold (share.py:" + std::to_string(lineOf(text, "def cold()")) + ")";
    EXPECT_NE(collapsed.find(hot), std::string::npos) << collapsed.substr(0, 2000);
    EXPECT_NE(collapsed.find(cold), std::string::npos) << collapsed.substr(0, 2000);
    auto profile = load(out);
    const ProfileProbe probe{*profile};
    // The script's frames (a launched program's start-up runs site.py and importlib too).
    size_t checked = 0;
    for (size_t i = 0; i < profile->sampleCount(); ++i)
        for (FrameId f : probe.framesOf(i)) {
            if (!probe.fileOf(f).ends_with("share.py")) continue;
            ++checked;
            const std::string name = probe.nameOf(f);
            const uint32_t want = name == "hot"    ? lineOf(text, "def hot()")
                                  : name == "cold" ? lineOf(text, "def cold()")
                                                   : 1; // <module>
            ASSERT_EQ(profile->frame(f).line, want) << name;
        }
    EXPECT_GE(checked,
              4u); // <module>;hot and <module>;cold at least (one sample per distinct stack)
}

TEST_P(RecordCli, AttachesToARunningProcessAndLeavesItRunning) {
    const Interpreter& py = GetParam();
    TempDir dir("attach");
    const std::string script = dir.write("attach_me.py", featuresProgram(py.major >= 3, 60));
    PythonProcess target(py, script, dir);
    ASSERT_TRUE(target.waitReady()) << target.output();
    const std::string out = dir.file("out.json");
    const RunResult r = runSpyglass(
        {"record", "-p", std::to_string(target.pid()), "-d", "1.2", "-r", "200", "-o", out}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto profile = load(out);
    const ProfileProbe probe{*profile};
    EXPECT_GT(profile->sampleCount(), 50u) << r.err;
    EXPECT_GT(probe.samplesThrough("recurse"), 5u) << probe.functionList();
    // The profile is named after the attached program's command line, as a launched one is.
    std::ifstream file(out);
    const std::string json((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    EXPECT_TRUE(std::regex_search(json, std::regex("\"name\": *\"[^\"]*attach_me\\.py")))
        << json.substr(0, 300);
    // Attached, not launched: the target goes on, untouched.
    EXPECT_FALSE(target.exited());
    EXPECT_TRUE(nothingStopped(target.pid()));
}

TEST_P(RecordCli, BlockingModeReadsWholeStacksAndAlwaysLetsGo) {
    const Interpreter& py = GetParam();
    TempDir dir("blocking");
    const std::string text = featuresProgram(py.major >= 3, 60);
    const std::string script = dir.write("pause_me.py", text);
    PythonProcess target(py, script, dir);
    ASSERT_TRUE(target.waitReady()) << target.output();
    const std::string out = dir.file("out.spyglass");
    const RunResult r = runSpyglass({"record", "--blocking", "-p", std::to_string(target.pid()),
                                     "-d", "1", "-r", "200", "-o", out},
                                    dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto profile = load(out);
    EXPECT_GT(profile->sampleCount(), 40u) << r.err;
    EXPECT_NE(r.err.find("torn 0,"), std::string::npos) << r.err;
    // Paused, every stack is read whole.
    const RecursionStacks counted = countRecursionStacks(ProfileProbe{*profile}, text);
    EXPECT_GT(counted.right, 5u);
    EXPECT_EQ(counted.wrong, 0u);
    EXPECT_TRUE(nothingStopped(target.pid()));

    // Ctrl-C in the middle of a fast blocking recording: detached, and the file is written.
    const std::string out2 = dir.file("interrupted.txt");
    const RunResult r2 = runSpyglass(
        {"record", "--blocking", "-p", std::to_string(target.pid()), "-r", "1000", "-o", out2}, dir,
        60s, 800ms);
    ASSERT_EQ(r2.exitCode, 0) << r2.err;
    EXPECT_NE(r2.err.find("stopped by"), std::string::npos) << r2.err;
    EXPECT_FALSE(readFile(out2).empty());
    EXPECT_FALSE(target.exited());
    EXPECT_TRUE(nothingStopped(target.pid()));
}

TEST_P(RecordCli, CtrlCWritesTheFileAndEndsTheLaunchedProgram) {
    const Interpreter& py = GetParam();
    TempDir dir("ctrlc");
    const std::string script = dir.write("long.py", shareProgram(60));
    const std::string out = dir.file("out.spyglass");
    const RunResult r =
        runSpyglass({"record", "-o", out, "-r", "200", "--", py.path, script}, dir, 60s, 1500ms);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto profile = load(out);
    EXPECT_GT(profile->sampleCount(), 50u) << r.err;
    EXPECT_EQ(processState(int(profile->metadata().pid)), 0)
        << "the launched program was left running";
}

// The default mode reads a running target: a stack that changed during the read must be dropped
// (counted as torn), never recorded as a stack the program never had. A recursion that unwinds and
// rewinds 200 frames many times a second, sampled at 500 Hz, shows any slip.
TEST_P(RecordCli, NonBlockingSamplesAreNeverWrongStacks) {
    const Interpreter& py = GetParam();
    TempDir dir("torn");
    const std::string text = featuresProgram(py.major >= 3, 2.5);
    const std::string script = dir.write("recursion.py", text);
    const std::string out = dir.file("out.spyglass");
    const RunResult r = runSpyglass({"record", "-o", out, "-r", "500", "--", py.path, script}, dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto profile = load(out);
    const RecursionStacks counted = countRecursionStacks(ProfileProbe{*profile}, text);
    std::printf("%s: %zu right and %zu wrong recursion stacks\n%s", py.label.c_str(), counted.right,
                counted.wrong, r.err.c_str());
    EXPECT_GT(counted.right, 50u);
    EXPECT_EQ(counted.wrong, 0u);
}

INSTANTIATE_TEST_SUITE_P(Interpreters, RecordCli, ::testing::ValuesIn(findInterpreters()),
                         interpreterLabel);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RecordCli);

TEST(RecordCliErrors, OptionsNotBuiltYetAreRefused) {
    TempDir dir("errors");
    for (const char* option : {"--native", "--subprocesses"}) {
        const RunResult r =
            runSpyglass({"record", option, "-o", dir.file("x.svg"), "-p", "1"}, dir);
        EXPECT_EQ(r.exitCode, 2);
        EXPECT_NE(r.err.find("not available yet"), std::string::npos) << r.err;
    }
}

TEST(RecordCliErrors, MissingProcessOrProgram) {
    TempDir dir("errors");
    RunResult r = runSpyglass({"record", "-o", dir.file("x.svg"), "-p", "1073741000"}, dir);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no process 1073741000"), std::string::npos) << r.err;
    r = runSpyglass({"record", "-o", dir.file("x.svg"), "--", "/nonexistent/python"}, dir);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("cannot run '/nonexistent/python'"), std::string::npos) << r.err;
    r = runSpyglass({"record", "-o", dir.file("x.svg")}, dir);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("-p PID or -- PROGRAM"), std::string::npos) << r.err;
}

TEST(RecordCliErrors, AProcessWithoutPythonIsExplained) {
    TempDir dir("errors");
    const pid_t sleeper =
        spawnWithOutput({"/bin/sleep", "30"}, dir.file("s.out"), dir.file("s.err"));
    ASSERT_GT(sleeper, 0);
    std::this_thread::sleep_for(50ms);
    const RunResult r =
        runSpyglass({"record", "-o", dir.file("x.svg"), "-p", std::to_string(sleeper)}, dir);
    kill(sleeper, SIGKILL);
    waitpid(sleeper, nullptr, 0);
    EXPECT_EQ(r.exitCode, 1);
    std::printf("message: %s", r.err.c_str());
    EXPECT_NE(r.err.find(std::to_string(sleeper)), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.svg")));
}

TEST(RecordCliErrors, AnOutputThatCannotBeWrittenIsRefusedBeforeRecording) {
    TempDir dir("errors");
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = runSpyglass(
        {"record", "-o", dir.file("missing/x.svg"), "-d", "5", "--", "/bin/sleep", "5"}, dir);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("missing/x.svg: cannot create"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("sampling process"), std::string::npos) << r.err; // nothing was started
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

// The output's folder disappears during the recording: the samples are saved elsewhere, in our
// own format, and the message says where.
TEST(RecordCliErrors, AnOutputThatFailsAtTheEndIsRescued) {
    const auto interpreters = findInterpreters();
    if (interpreters.empty()) GTEST_SKIP() << "no Python found";
    const Interpreter& py = interpreters.back();
    TempDir dir("rescue");
    const std::string script = dir.write("short.py", shareProgram(2.0));
    const std::string folder = dir.file("out");
    std::filesystem::create_directory(folder);
    std::thread remover([&] {
        std::this_thread::sleep_for(700ms);
        std::filesystem::remove_all(folder);
    });
    const RunResult r = runSpyglass(
        {"record", "-o", folder + "/x.svg", "-r", "200", "-d", "1.5", "--", py.path, script}, dir);
    remover.join();
    EXPECT_EQ(r.exitCode, 1);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex("saved in (\\S+\\.spyglass) instead")))
        << r.err;
    const std::string rescued = m[1];
    auto profile = load(rescued);
    std::filesystem::remove(rescued);
    ASSERT_TRUE(profile);
    EXPECT_GT(totalWeight(*profile), 100) << py.path;
    const ProfileProbe probe{*profile};
    EXPECT_GT(probe.samplesThrough("hot"), 50u) << probe.functionList();
}
