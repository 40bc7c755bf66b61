#pragma once
// Whether a target's threads are on a CPU, and their OS names, from /proc/PID/task/TID/{stat,comm}.
//
// Read for every thread at every sample, so each thread's stat file stays open and is re-read with
// one pread (procfs regenerates it at offset 0): one syscall a thread instead of three.
#include <cstdint>
#include <string>
#include <unordered_map>

namespace spyglass {

class ThreadStates {
  public:
    explicit ThreadStates(int pid) : pid_(pid) {}
    ~ThreadStates();
    ThreadStates(const ThreadStates&) = delete;
    ThreadStates& operator=(const ThreadStates&) = delete;

    // The state letter of /proc/PID/task/TID/stat ('R' running, 'S' sleeping, 'D' disk, 't'
    // traced, ...), or 0 when the thread cannot be read (gone, or not ours to read).
    char state(uint64_t tid);
    // The OS thread name (/proc/PID/task/TID/comm), empty when unreadable.
    std::string name(uint64_t tid) const;
    // Closes the files of threads not asked about since the previous call.
    void forgetUnused();

  private:
    struct Entry {
        int fd = -1;
        bool used = true;
    };
    int open(uint64_t tid) const;

    int pid_;
    std::unordered_map<uint64_t, Entry> files_;
};

// The state letter of /proc/PID/stat: 'Z' or 'X' for a process that has exited but not been
// reaped, 0 when there is no such process.
char processState(int pid);

} // namespace spyglass
