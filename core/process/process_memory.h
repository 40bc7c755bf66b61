#pragma once
// Reading another process's memory: process_vm_readv (many ranges in one call), falling back to
// /proc/PID/mem where the syscall is unavailable (ENOSYS) or filtered (EPERM under seccomp).
// Read-only: nothing here writes to the target or stops it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>

#include "core/model/result.h"

namespace spyglass::process {

struct ReadOp {
    uint64_t address = 0;
    void* into = nullptr;
    size_t size = 0;
};

class ProcessMemory {
public:
    explicit ProcessMemory(int pid) : pid_(pid) {}
    ~ProcessMemory();
    ProcessMemory(const ProcessMemory&) = delete;
    ProcessMemory& operator=(const ProcessMemory&) = delete;
    ProcessMemory(ProcessMemory&& other) noexcept;
    ProcessMemory& operator=(ProcessMemory&&) = delete;

    int pid() const { return pid_; }

    // All of [address, address+size). An unmapped address is ErrorKind::Torn (the pointer that led
    // here was stale or garbage), a vanished process NotFound, a refused one Permission.
    Result<void> read(uint64_t address, void* into, size_t size) const;

    // Every op, in as few syscalls as the kernel allows (1024 ranges a call).
    Result<void> readAll(std::span<const ReadOp> ops) const;

    // As many leading ops as can be read completely; stops at the first that cannot. Returns the
    // count, or an error only when the process itself cannot be read (gone, refused).
    Result<size_t> readPrefix(std::span<const ReadOp> ops) const;

    template <typename T>
    Result<T> value(uint64_t address) const {
        static_assert(std::is_trivially_copyable_v<T>);
        T v{};
        if (auto r = read(address, &v, sizeof v); !r) return r.error();
        return v;
    }

    // Syscalls issued so far (the benchmarks report it per sample).
    uint64_t syscalls() const { return syscalls_; }

private:
    // Bytes transferred for ops in order, or -errno.
    long transfer(std::span<const ReadOp> ops) const;
    long transferViaMemFile(std::span<const ReadOp> ops) const;
    Error failure(int err, uint64_t address) const;

    int pid_;
    mutable int memFd_ = -1;         // /proc/PID/mem, opened on first need
    mutable bool useMemFile_ = false; // process_vm_readv is unavailable here
    mutable uint64_t syscalls_ = 0;
};

} // namespace spyglass::process
