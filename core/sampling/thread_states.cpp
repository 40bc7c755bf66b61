#include "core/sampling/thread_states.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

namespace spyglass {

namespace {

// The state is the field after the command name, which is in parentheses and may itself hold
// spaces and parentheses: search from the last ')'.
char parseStatState(std::string_view stat) {
    const size_t close = stat.rfind(')');
    if (close == std::string_view::npos || close + 2 >= stat.size()) return 0;
    return stat[close + 2];
}

char readStateFrom(int fd) {
    char buf[512];
    const ssize_t n = pread(fd, buf, sizeof buf, 0);
    if (n <= 0) return 0;
    return parseStatState(std::string_view(buf, size_t(n)));
}

} // namespace

ThreadStates::~ThreadStates() {
    for (auto& [tid, e] : files_) {
        if (e.fd >= 0) close(e.fd);
        if (e.schedFd >= 0) close(e.schedFd);
    }
}

int ThreadStates::open(uint64_t tid, const char* file) const {
    char path[96];
    std::snprintf(path, sizeof path, "/proc/%d/task/%llu/%s", pid_, (unsigned long long)tid, file);
    return ::open(path, O_RDONLY | O_CLOEXEC);
}

bool ThreadStates::readSchedstat(Entry& e, uint64_t tid, Schedstat& out) const {
    if (e.schedFd < 0) e.schedFd = open(tid, "schedstat");
    if (e.schedFd < 0) return false;
    char buf[128];
    const ssize_t n = pread(e.schedFd, buf, sizeof buf, 0);
    if (n <= 0) {
        close(e.schedFd); // the thread ended (its id may come back as another thread's)
        e.schedFd = -1;
        return false;
    }
    // "RUN_NS WAIT_NS SLICES\n"
    uint64_t fields[3] = {0, 0, 0};
    const char* p = buf;
    const char* end = buf + n;
    for (uint64_t& f : fields) {
        const auto [next, ec] = std::from_chars(p, end, f);
        if (ec != std::errc()) return false;
        p = next + (next < end ? 1 : 0);
    }
    out = {fields[0], fields[2]};
    // All zeros: the kernel keeps no scheduler statistics (or the thread never ran): no proof.
    return out.runNs != 0 || out.slices != 0;
}

char ThreadStates::readStat(Entry& e, uint64_t tid) {
    ++statReads_;
    if (e.fd < 0) e.fd = open(tid, "stat");
    if (e.fd < 0) return 0;
    if (char s = readStateFrom(e.fd)) return s;
    // The thread ended; its id may already belong to a new thread, so look once more.
    close(e.fd);
    e.fd = open(tid, "stat");
    return e.fd < 0 ? 0 : readStateFrom(e.fd);
}

char ThreadStates::state(uint64_t tid) {
    if (tid == 0) return 0;
    auto [it, inserted] = files_.try_emplace(tid);
    Entry& e = it->second;
    e.used = true;
    // A thread seen running last time: stat alone (schedstat would only add to its cost).
    if (!e.wasAsleep) {
        const char s = readStat(e, tid);
        e.wasAsleep = s != 0 && s != 'R';
        e.lastState = 0; // no schedstat from before that stat: no proof for the next call yet
        return s;
    }
    // Read before stat, so that "not put on a CPU since" covers the moment stat saw it asleep.
    Schedstat now;
    const bool counted = readSchedstat(e, tid, now);
    if (counted && e.lastState && now == e.asleepSince) return e.lastState;
    const char s = readStat(e, tid);
    e.wasAsleep = s != 0 && s != 'R';
    // Only a sleep ends by the thread running: a stopped or traced one ('T', 't') is let go by
    // another (SIGCONT, a debugger, our own --blocking pause) and is runnable at once.
    e.lastState = counted && (s == 'S' || s == 'D' || s == 'I') ? s : 0;
    e.asleepSince = now;
    return s;
}

void ThreadStates::forgetUnused() {
    for (auto it = files_.begin(); it != files_.end();) {
        if (!it->second.used) {
            if (it->second.fd >= 0) close(it->second.fd);
            if (it->second.schedFd >= 0) close(it->second.schedFd);
            it = files_.erase(it);
        } else {
            it->second.used = false;
            ++it;
        }
    }
}

std::string ThreadStates::name(uint64_t tid) const {
    char path[96];
    std::snprintf(path, sizeof path, "/proc/%d/task/%llu/comm", pid_, (unsigned long long)tid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    char buf[64];
    const ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n <= 0) return {};
    std::string s(buf, size_t(n));
    while (!s.empty() && (s.back() == '\n' || s.back() == '\0'))
        s.pop_back();
    return s;
}

char processState(int pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    const char s = readStateFrom(fd);
    close(fd);
    return s;
}

} // namespace spyglass
