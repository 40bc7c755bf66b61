// Reading process memory: batched reads, partial reads at an unmapped address, and the error kinds
// for a process that is gone or that we may not read (run as a real unprivileged child).
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>

#include "core/process/proc_maps.h"
#include "core/process/process_error.h"
#include "core/process/process_memory.h"
#include "cpython_test_support.h"

using namespace spyglass;
using namespace spyglass::process;

namespace {

TEST(ProcessMemory, ReadsManyRangesOfAnotherProcessInOneCall) {
    // A child inherits our memory image, so addresses of our buffers are valid in it too.
    static char pattern[8192];
    for (size_t i = 0; i < sizeof pattern; ++i) pattern[i] = static_cast<char>(i * 7 + 3);
    const pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    ProcessMemory memory(pid);
    char a[16] = {}, b[100] = {}, c[1] = {};
    ReadOp ops[] = {{reinterpret_cast<uint64_t>(pattern), a, sizeof a},
                    {reinterpret_cast<uint64_t>(pattern + 1000), b, sizeof b},
                    {reinterpret_cast<uint64_t>(pattern + 8191), c, 1}};
    const uint64_t before = memory.syscalls();
    ASSERT_TRUE(memory.readAll(ops).ok());
    EXPECT_EQ(memory.syscalls() - before, 1u);
    EXPECT_EQ(std::memcmp(a, pattern, sizeof a), 0);
    EXPECT_EQ(std::memcmp(b, pattern + 1000, sizeof b), 0);
    EXPECT_EQ(c[0], pattern[8191]);

    auto v = memory.value<uint64_t>(reinterpret_cast<uint64_t>(pattern + 8));
    ASSERT_TRUE(v.ok());
    uint64_t expected;
    std::memcpy(&expected, pattern + 8, 8);
    EXPECT_EQ(*v, expected);

    // An unmapped page: the prefix before it is read, the read itself is Torn.
    void* hole = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(hole, MAP_FAILED);
    munmap(hole, 4096); // unmapped here; in the fork (forked before) it was never mapped
    char d[8];
    ReadOp partial[] = {{reinterpret_cast<uint64_t>(pattern), a, 8}, {reinterpret_cast<uint64_t>(hole), d, 8},
                        {reinterpret_cast<uint64_t>(pattern), b, 8}};
    auto got = memory.readPrefix(partial);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, 1u);
    auto bad = memory.read(reinterpret_cast<uint64_t>(hole), d, 8);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::Torn);

    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    auto gone = memory.read(reinterpret_cast<uint64_t>(pattern), a, 8);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().kind, ErrorKind::NotFound) << gone.error().message;
}

TEST(ProcessMemory, AnotherUsersProcessIsAPermissionErrorWithRemedy) {
    if (geteuid() != 0) {
        // Unprivileged: pid 1 belongs to root and is not ours.
        ProcessMemory memory(1);
        char b[8];
        auto r = memory.read(0x400000, b, 8);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().kind, ErrorKind::Permission) << r.error().message;
        return;
    }
    // As root: a child that drops to nobody tries to read a root process (us).
    static uint64_t secret = 0x5eC2e7;
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
        ProcessMemory memory(getppid());
        uint64_t v = 0;
        auto r = memory.read(reinterpret_cast<uint64_t>(&secret), &v, 8);
        const std::string message = r.ok() ? std::string("read ok") : r.error().message;
        const char kind = r.ok() ? 'o' : static_cast<char>('0' + static_cast<int>(r.error().kind));
        (void)!write(fds[1], &kind, 1);
        (void)!write(fds[1], message.data(), message.size());
        _exit(0);
    }
    close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    waitpid(child, nullptr, 0);
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0], '0' + static_cast<int>(ErrorKind::Permission)) << out;
    EXPECT_NE(out.find("CAP_SYS_PTRACE"), std::string::npos) << out;
    EXPECT_NE(out.find("root"), std::string::npos) << out;
    EXPECT_NE(out.find("not the same user"), std::string::npos) << out;
}

TEST(ProcessError, ClassifiesErrnoAndNamesPtraceScope) {
    EXPECT_EQ(accessError(123, ESRCH, "x").kind, ErrorKind::NotFound);
    EXPECT_EQ(accessError(123, ENOENT, "x").kind, ErrorKind::NotFound);
    EXPECT_EQ(accessError(123, EPERM, "x").kind, ErrorKind::Permission);
    EXPECT_EQ(accessError(123, EACCES, "x").kind, ErrorKind::Permission);
    EXPECT_EQ(accessError(123, EINVAL, "x").kind, ErrorKind::Generic);
    const std::string help = permissionHelp(getpid());
    if (ptraceScope() >= 0) EXPECT_NE(help.find("ptrace_scope is " + std::to_string(ptraceScope())), std::string::npos);
    else EXPECT_EQ(help.find("ptrace_scope is"), std::string::npos);
}

TEST(ProcMaps, ParsesMapsAndRecognizesLibPython) {
    const auto maps = parseMaps("00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/python3.11\n"
                                "7f0000000000-7f0000001000 rw-p 00001000 00:00 0 \n"
                                "7f1000000000-7f1000200000 r-xp 00020000 08:02 9 /opt/py/lib/libpython3.12.so.1.0\n");
    ASSERT_EQ(maps.size(), 3u);
    EXPECT_EQ(maps[0].start, 0x400000u);
    EXPECT_TRUE(maps[0].executable);
    EXPECT_EQ(maps[0].path, "/usr/bin/python3.11");
    EXPECT_TRUE(maps[1].writable);
    EXPECT_EQ(maps[2].offset, 0x20000u);
    EXPECT_TRUE(isLibPython(maps[2].path));
    EXPECT_TRUE(isLibPython("/x/libpython3.6m.so"));
    EXPECT_TRUE(isLibPython("libpython2.7.so.1.0"));
    EXPECT_FALSE(isLibPython("/usr/lib/libpythonista.so"));
    EXPECT_FALSE(isLibPython("/usr/bin/python3.11"));
    auto own = readMaps(getpid());
    ASSERT_TRUE(own.ok());
    EXPECT_FALSE(own->empty());
}

} // namespace
