#pragma once
// Whether a target's threads are on a CPU, and their OS names, from /proc/PID/task/TID/{stat,comm}.
//
// Read for every thread at every sample, so each thread's files stay open and are re-read with
// one pread (procfs regenerates them at offset 0): one syscall a thread instead of three.
//
// A thread found asleep is looked at again through its schedstat (its CPU time and how many times
// it was put on a CPU: three numbers, a third of the cost of stat, whose 52 fields the kernel
// formats each time): while neither has moved it has not run since, so it is still asleep. A
// program of 150 threads waiting on locks or sockets spent most of each sample in those reads.
// The one thing this cannot see is a sleeper woken a moment ago that is still waiting for a CPU
// ('R' in stat): it reads as asleep until it gets one (the scheduler's latency, µs to a few ms).
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
    // How many stat files were read (the rest of the state() answers came from schedstat).
    uint64_t statReads() const { return statReads_; }

  private:
    struct Schedstat {
        uint64_t runNs = 0, slices = 0;
        bool operator==(const Schedstat&) const = default;
    };
    struct Entry {
        int fd = -1, schedFd = -1;
        bool used = true;
        bool wasAsleep = false; // stat's last answer was not 'R'
        char lastState = 0;     // that answer, when schedstat was read just before it (else 0)
        Schedstat asleepSince;  // that schedstat
    };
    int open(uint64_t tid, const char* file) const;
    bool readSchedstat(Entry& e, uint64_t tid, Schedstat& out) const;
    char readStat(Entry& e, uint64_t tid);

    int pid_;
    std::unordered_map<uint64_t, Entry> files_;
    uint64_t statReads_ = 0;
};

// The state letter of /proc/PID/stat: 'Z' or 'X' for a process that has exited but not been
// reaped, 0 when there is no such process.
char processState(int pid);

} // namespace spyglass
