#pragma once
// Thread ids of a target in another pid namespace (a container): CPython stores each thread's id
// as the target sees it (`native_thread_id`, glibc's `struct pthread`), but /proc, ptrace and the
// profile here need the ids this process sees. /proc/PID/task/TID/status lists both ("NSpid:
// OURS ... THEIRS"); this keeps the map, read again when a thread it does not know shows up.
#include <cstdint>
#include <set>
#include <unordered_map>

namespace spyglass::process {

class NamespaceTids {
  public:
    explicit NamespaceTids(int pid);

    // Whether the target sees other ids than we do.
    bool translating() const { return translating_; }
    // Our id for the target's thread `theirs`; `theirs` itself when not translating; 0 when no
    // thread of the target has that id (yet).
    uint64_t ours(uint64_t theirs);
    // The ids of the target's threads as the target sees them.
    std::set<int64_t> theirIds();

  private:
    void refresh();

    int pid_;
    bool translating_ = false;
    std::unordered_map<uint64_t, uint64_t> ours_; // theirs -> ours
};

} // namespace spyglass::process
