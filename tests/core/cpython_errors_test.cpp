// What openPythonProcess and readStacks answer when the target is not there, not Python, exits
// while it is being read, or belongs to someone else; and that 3.13's _Py_DebugOffsets agree with
// the offsets generated from the 3.13 headers.
#include <gtest/gtest.h>

#include "core/cpython/debug_offsets.h"
#include "core/cpython/python_stack_reader.h"
#include "core/model/profile.h"
#include "core/sampling/stack_reader.h"
#include "cpython_test_support.h"

using namespace spyglass;
using namespace spyglass::testing;

namespace {

const char* kSpin = "import time\ndef spin():\n    while True:\n        time.sleep(0.001)\nspin()\n";

TEST(CpythonErrors, ExitedProcessIsNotFound) {
    ChildProcess child({"/bin/true"});
    const int pid = child.pid();
    while (child.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto reader = openPythonProcess(pid);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error().kind, ErrorKind::NotFound) << reader.error().message;
    auto bad = openPythonProcess(-5);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::NotFound);
}

TEST(CpythonErrors, NonPythonProcessIsUnsupported) {
    ChildProcess child({"/bin/sleep", "30"});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto reader = openPythonProcess(child.pid());
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error().kind, ErrorKind::Unsupported) << reader.error().message;
    EXPECT_NE(reader.error().message.find("CPython"), std::string::npos) << reader.error().message;
}

TEST(CpythonErrors, TargetExitingWhileReadIsNotFound) {
    const auto interpreters = findInterpreters();
    if (interpreters.empty()) GTEST_SKIP() << "no interpreters installed";
    TempDir dir("exit");
    writeFile(dir.path() + "/spin.py", kSpin);
    for (const auto& interp : interpreters) {
        ChildProcess child({interp.path, dir.path() + "/spin.py"});
        auto reader = openPythonProcess(child.pid());
        ASSERT_TRUE(reader.ok()) << interp.label << ": " << reader.error().message;
        Profile profile;
        std::vector<ThreadStack> stacks;
        Result<void> r;
        for (int i = 0; i < 50; ++i)
            if ((r = (*reader)->readStacks(profile, stacks))) break;
        ASSERT_TRUE(r.ok()) << interp.label << ": " << r.error().message;
        child.stop();
        r = (*reader)->readStacks(profile, stacks);
        ASSERT_FALSE(r.ok()) << interp.label;
        EXPECT_EQ(r.error().kind, ErrorKind::NotFound) << interp.label << ": " << r.error().message;
    }
}

TEST(CpythonErrors, AnotherUsersPythonIsPermissionWithRemedy) {
    const auto interpreters = findInterpreters();
    if (interpreters.empty()) GTEST_SKIP() << "no interpreters installed";
    if (geteuid() != 0) GTEST_SKIP() << "needs root to start a process as another user";
    TempDir dir("perm");
    writeFile(dir.path() + "/spin.py", kSpin);
    ChildProcess target({interpreters.back().path, dir.path() + "/spin.py"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
        auto reader = openPythonProcess(target.pid());
        const std::string message = reader.ok() ? std::string("opened") : reader.error().message;
        const char kind = reader.ok() ? 'o' : static_cast<char>('0' + static_cast<int>(reader.error().kind));
        (void)!write(fds[1], &kind, 1);
        (void)!write(fds[1], message.data(), message.size());
        _exit(0);
    }
    close(fds[1]);
    std::string out;
    char buf[1024];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    waitpid(child, nullptr, 0);
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0], '0' + static_cast<int>(ErrorKind::Permission)) << out;
    EXPECT_NE(out.find("CAP_SYS_PTRACE"), std::string::npos) << out;
    EXPECT_NE(out.find("sudo"), std::string::npos) << out;
}

TEST(CpythonDebugOffsets, AgreeWithTheGenerated313Table) {
    const cpython::PyOffsets* table = cpython::generatedOffsets(3, 13);
    ASSERT_NE(table, nullptr) << "the generated table has no 3.13 entry";
    std::string python;
    for (const auto& i : findInterpreters())
        if (pythonMinor(i) == "3.13") python = i.path;
    if (python.empty()) GTEST_SKIP() << "no CPython 3.13 installed";
    TempDir dir("debug");
    writeFile(dir.path() + "/spin.py", kSpin);
    ChildProcess child({python, dir.path() + "/spin.py"});
    auto reader = cpython::PythonStackReader::open(child.pid());
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    const cpython::PyOffsets& live = (*reader)->target().offsets;
    const cpython::PyOffsets& gen = *table;
    // Every field the reader takes from _Py_DebugOffsets, against the headers' offsetof().
#define SAME(field) EXPECT_EQ(live.field, gen.field) << #field
    SAME(runtime.interpreters_head);
    SAME(interp.next);
    SAME(interp.tstate_head);
    SAME(interp.modules);
    SAME(interp.ceval_gil);
    SAME(gil.locked);
    SAME(gil.last_holder);
    SAME(tstate.size);
    SAME(tstate.next);
    SAME(tstate.interp);
    SAME(tstate.current_frame);
    SAME(tstate.thread_id);
    SAME(tstate.native_thread_id);
    SAME(tstate.datastack_chunk);
    SAME(tstate.datastack_top);
    SAME(iframe.previous);
    SAME(iframe.code);
    SAME(iframe.instr);
    SAME(iframe.localsplus);
    SAME(iframe.size);
    SAME(iframe.owner);
    SAME(code.filename);
    SAME(code.name);
    SAME(code.qualname);
    SAME(code.linetable);
    SAME(code.firstlineno);
    SAME(code.argcount);
    SAME(code.localsplusnames);
    SAME(code.localspluskinds);
    SAME(code.code_adaptive);
    SAME(object.ob_type);
    SAME(object.ob_size);
    SAME(type.tp_name);
    SAME(type.tp_flags);
    SAME(tuple.ob_item);
    SAME(dict.ma_keys);
    SAME(dict.ma_values);
    SAME(floating.ob_fval);
    SAME(integer.lv_tag);
    SAME(integer.ob_digit);
    SAME(bytes.ob_sval);
    SAME(unicode.state);
    SAME(unicode.length);
    SAME(unicode.ascii_size);
#undef SAME
    EXPECT_NE((*reader)->target().note.find("_Py_DebugOffsets"), std::string::npos);

    // A cookie that is not there is refused, not trusted.
    std::vector<uint8_t> garbage(8 + 8 * 72, 0);
    auto parsed = cpython::parseDebugOffsets313(garbage, gen);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, ErrorKind::Unsupported);
}

} // namespace
