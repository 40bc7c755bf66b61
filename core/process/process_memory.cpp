#include "core/process/process_memory.h"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/process/process_error.h"

namespace spyglass::process {

namespace {

constexpr size_t kMaxIov = 1024; // IOV_MAX on Linux

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

} // namespace

ProcessMemory::~ProcessMemory() {
    if (memFd_ >= 0) ::close(memFd_);
}

ProcessMemory::ProcessMemory(ProcessMemory&& other) noexcept
    : pid_(other.pid_), memFd_(other.memFd_), useMemFile_(other.useMemFile_),
      syscalls_(other.syscalls_) {
    other.memFd_ = -1;
}

long ProcessMemory::transferViaMemFile(std::span<const ReadOp> ops) const {
    if (memFd_ < 0) {
        memFd_ = ::open(("/proc/" + std::to_string(pid_) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
        if (memFd_ < 0) return -errno;
    }
    long total = 0;
    for (const ReadOp& op : ops) {
        ++syscalls_;
        const ssize_t n = ::pread(memFd_, op.into, op.size, static_cast<off_t>(op.address));
        if (n < 0) return total > 0 ? total : -errno;
        total += n;
        if (static_cast<size_t>(n) < op.size) break;
    }
    return total;
}

long ProcessMemory::transfer(std::span<const ReadOp> ops) const {
    if (!useMemFile_) {
        // A sample's plan needs a few dozen iovecs; 2 × 1024 on the stack cost a probe per page
        // (stack-clash protection) on every call.
        constexpr size_t kOnStack = 64;
        iovec localStack[kOnStack], remoteStack[kOnStack];
        std::unique_ptr<iovec[]> heap;
        iovec* local = localStack;
        iovec* remote = remoteStack;
        if (ops.size() > kOnStack) {
            heap = std::make_unique<iovec[]>(2 * ops.size());
            local = heap.get();
            remote = heap.get() + ops.size();
        }
        // The kernel fills the local side as one stream: destinations that follow each other
        // (a prefetch plan's) become one local iovec, which the kernel copies in and checks once.
        size_t locals = 0;
        for (size_t i = 0; i < ops.size(); ++i) {
            if (locals && static_cast<uint8_t*>(local[locals - 1].iov_base) + local[locals - 1].iov_len ==
                              static_cast<uint8_t*>(ops[i].into))
                local[locals - 1].iov_len += ops[i].size;
            else
                local[locals++] = {ops[i].into, ops[i].size};
            remote[i] = {reinterpret_cast<void*>(ops[i].address), ops[i].size};
        }
        ++syscalls_;
        const ssize_t n = ::process_vm_readv(pid_, local, locals, remote, ops.size(), 0);
        if (n >= 0) return n;
        const int err = errno;
        if (err != ENOSYS && err != EPERM) return -err;
        // The syscall is missing or filtered (seccomp); /proc/PID/mem has the same permission
        // check but may still be allowed. Keep using it if it works.
        const long viaFile = transferViaMemFile(ops);
        if (viaFile < 0) return err == EPERM ? -EPERM : viaFile;
        useMemFile_ = true;
        return viaFile;
    }
    return transferViaMemFile(ops);
}

Error ProcessMemory::failure(int err, uint64_t address) const {
    if (err == EFAULT || err == EIO || err == 0)
        return makeError("address " + hex(address) + " is not readable in process " + std::to_string(pid_),
                         ErrorKind::Torn);
    return accessError(pid_, err, "reading memory");
}

Result<void> ProcessMemory::read(uint64_t address, void* into, size_t size) const {
    if (size == 0) return {};
    const ReadOp op{address, into, size};
    const long n = transfer({&op, 1});
    if (n < 0) return failure(static_cast<int>(-n), address);
    if (static_cast<size_t>(n) != size) return failure(EFAULT, address + n);
    return {};
}

Result<size_t> ProcessMemory::readPrefix(std::span<const ReadOp> ops) const {
    size_t done = 0;
    while (done < ops.size()) {
        const auto batch = ops.subspan(done, std::min(kMaxIov, ops.size() - done));
        long n = transfer(batch);
        if (n < 0) {
            const int err = static_cast<int>(-n);
            if (err == EFAULT || err == EIO) return done;
            return failure(err, batch[0].address);
        }
        for (const ReadOp& op : batch) {
            if (static_cast<size_t>(n) < op.size) return done;
            n -= static_cast<long>(op.size);
            ++done;
        }
    }
    return done;
}

Result<void> ProcessMemory::readAll(std::span<const ReadOp> ops) const {
    auto done = readPrefix(ops);
    if (!done) return done.error();
    if (*done != ops.size()) return failure(EFAULT, ops[*done].address);
    return {};
}

} // namespace spyglass::process
