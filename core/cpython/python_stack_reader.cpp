#include "core/cpython/python_stack_reader.h"

#include "core/process/process_error.h"
#include "core/process/process_list.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace spyglass::cpython {

namespace {

constexpr size_t kMaxThreads = 4096;
// glibc x86_64: offsetof(struct pthread, tid) = 0x2d0 in every release since 2.26 (checked on
// Debian 12's 2.36). pthread_t is the address of that struct, so the kernel tid of a pre-3.11
// Python thread (no native_thread_id in its PyThreadState) is the int at pthread_t + 0x2d0.
// calibratePthreadTid verifies it against /proc/PID/task and searches when another libc differs.
constexpr int32_t kGlibcPthreadTidOffset = 0x2d0;

Error torn(std::string what) {
    return makeError(std::move(what), ErrorKind::Torn);
}

// Seconds since the process started, or a large number when unknown.
double processAgeSeconds(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t paren = text.rfind(')');
    if (paren == std::string::npos) return 1e9;
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    unsigned long long start = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22) start = std::stoull(field);
    std::ifstream uptimeFile("/proc/uptime");
    double uptime = 0;
    if (!(uptimeFile >> uptime)) return 1e9;
    return uptime - static_cast<double>(start) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

} // namespace

PythonStackReader::PythonStackReader(int pid, PythonBinaries binaries, PythonTarget target)
    : memory_(pid), binaries_(std::move(binaries)), target_(std::move(target)),
      objects_(memory_, target_.offsets, target_.types), codes_(objects_), prefetch_(memory_),
      walker_(memory_, prefetch_, target_), tids_(pid) {}

Result<std::unique_ptr<PythonStackReader>> PythonStackReader::open(int pid) {
    if (pid <= 0) return makeError("invalid pid " + std::to_string(pid), ErrorKind::NotFound);
    if (access(("/proc/" + std::to_string(pid)).c_str(), F_OK) != 0)
        return makeError("no process with pid " + std::to_string(pid), ErrorKind::NotFound);
    // A program launched a moment ago may not have mapped libpython or initialized its interpreter
    // yet: retry for a while, but only for a young process.
    const bool young = processAgeSeconds(pid) < 10;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(young ? 3 : 0);
    for (;;) {
        Error failure;
        auto binaries = PythonBinaries::locate(pid);
        if (binaries) {
            process::ProcessMemory probe(pid);
            auto target = locatePythonTarget(*binaries, probe);
            if (target) {
                std::unique_ptr<PythonStackReader> reader(
                    new PythonStackReader(pid, std::move(*binaries), std::move(*target)));
                reader->calibratePthreadTid();
                return reader;
            }
            failure = target.error();
        } else {
            failure = binaries.error();
        }
        // Our own child can refuse /proc/PID/maps for a moment while it is inside execve.
        const bool transient =
            failure.kind != ErrorKind::NotFound &&
            (failure.kind != ErrorKind::Permission || process::processOwner(pid) == geteuid());
        if (!transient || std::chrono::steady_clock::now() >= deadline) return failure;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void PythonStackReader::calibratePthreadTid() {
    if (target_.offsets.tstate.native_thread_id != kAbsent) return;
    // A torn walk (the target busy changing its stack) or a thread starting or ending under the
    // check would leave every tid unknown for the whole session: try again for a while.
    for (int attempt = 0; attempt < 50 && pthreadTidOffset_ < 0; ++attempt) {
        if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        tryPthreadTidOffsets();
    }
}

void PythonStackReader::tryPthreadTidOffsets() {
    bool walked = walkThreads().ok();
    walked = finishSample(walked).ok() && walked;
    if (!walked) return;
    // The ids the target's struct pthread holds: its own, in a container.
    const std::set<int64_t> tasks =
        tids_.translating() ? tids_.theirIds() : process::processThreadIds(pid());
    auto fits = [&](int32_t offset) {
        std::set<int32_t> seen;
        for (size_t i = 0; i < threadCount_; ++i) {
            auto tid = memory_.value<int32_t>(threads_[i].pythonThreadId + offset);
            if (!tid || !tasks.count(*tid) || !seen.insert(*tid).second) return false;
        }
        return threadCount_ > 0;
    };
    if (fits(kGlibcPthreadTidOffset)) {
        pthreadTidOffset_ = kGlibcPthreadTidOffset;
        return;
    }
    for (int32_t offset = 0; offset < 2048; offset += 4)
        if (fits(offset)) {
            pthreadTidOffset_ = offset;
            return;
        }
}

Result<void> PythonStackReader::walkThreads() {
    if (auto r = prefetch_.begin(); !r) return r;
    walker_.startSample();
    bool listChanged = false;
    auto walked = walkThreadList(headKnown_, listChanged);
    if (listChanged) {
        // The list changed since the head was read: read it now and walk again.
        headKnown_ = false;
        walked = walkThreadList(false, listChanged);
    }
    return walked;
}

Result<void> PythonStackReader::walkThreadList(bool trustHead, bool& listChanged) {
    const PyOffsets& o = target_.offsets;
    listChanged = false;
    uint64_t head = 0, holder = 0;
    int32_t locked = 0;
    if (trustHead) {
        // The head of the last verified sample, not read again (one iovec less a sample where it
        // lies apart from the GIL state): the list is doubly linked, and a thread added at the head
        // or one removed anywhere changes a `prev` this walk reads anyway (checked below).
        head = knownHead_;
    } else {
        // The head is not among the verified words: it only picks which thread states are walked,
        // and each of those has its own links verified. A thread added since is left for the next
        // sample; one being removed has no frames left, and a freed one fails its links or its
        // interp check.
        if (auto r = prefetch_.read(target_.interp + o.interp.tstate_head, &head, 8); !r) return r;
    }
    pendingHead_ = head;
    if (target_.gilSource == GilSource::CurrentTstate) {
        if (auto r = prefetch_.read(target_.currentTstatePointer, &holder, 8); !r) return r;
    } else if (target_.gilSource == GilSource::GilState) {
        if (auto r = prefetch_.read(target_.gilState + o.gil.last_holder, &holder, 8); !r) return r;
        if (auto r = prefetch_.read(target_.gilState + o.gil.locked, &locked, 4); !r) return r;
        if (!locked) holder = 0;
    }

    allFrames_.clear();
    threadCount_ = 0;
    const size_t tstateSize = walker_.threadStateReadSize();
    tstateBytes_.resize(tstateSize);
    uint64_t signature = 0, previous = 0;
    for (uint64_t ts = head; ts;) {
        if (threadCount_ >= kMaxThreads) return torn("more than 4096 threads (a cycle?)");
        const uint8_t* bytes = prefetch_.find(ts, tstateSize);
        if (!bytes) {
            if (auto r = memory_.read(ts, tstateBytes_.data(), tstateSize); !r) return r;
            bytes = tstateBytes_.data();
        }
        const ThreadStateView view = walker_.parseThreadState(ts, bytes);
        // Every state's `prev` must be the one the walk came from: the list did not change
        // under the walk (or, with a kept head, since the head was read).
        if (o.tstate.prev != kAbsent && view.prev != previous) {
            if (!trustHead) return torn("the thread list changed while it was read");
            listChanged = true;
            return {};
        }
        previous = ts;
        // The thread's entry points must not move while its frames are read.
        if (o.tstate.frame != kAbsent) prefetch_.expect(ts + o.tstate.frame, view.frame);
        if (o.tstate.current_frame != kAbsent)
            prefetch_.expect(ts + o.tstate.current_frame, view.frame);
        if (o.tstate.cframe != kAbsent) prefetch_.expect(ts + o.tstate.cframe, view.cframe);
        // Where `prev` links exist they check the list; `next` alone would be a moving word.
        if (o.tstate.prev == kAbsent) prefetch_.expect(ts + o.tstate.next, view.next);
        if (view.interp != target_.interp)
            return torn("thread state of another interpreter (freed?)");
        if (threadCount_ == threads_.size()) threads_.emplace_back();
        RawThread& t = threads_[threadCount_++];
        t.threadState = ts;
        t.pythonThreadId = view.threadId;
        t.nativeThreadId = view.nativeThreadId;
        t.holdsGil = holder != 0 && holder == ts;
        t.firstFrame = allFrames_.size();
        if (pthreadTidOffset_ >= 0 && view.threadId) {
            auto tid = nativeThreadIdOf(view);
            if (!tid) return tid.error();
            t.nativeThreadId = static_cast<uint64_t>(*tid);
        }
        // A target in a container keeps its own thread ids; /proc and ptrace here need ours.
        if (tids_.translating()) t.nativeThreadId = tids_.ours(t.nativeThreadId);
        if (auto r = walker_.walk(view, allFrames_); !r) return r;
        t.frameCount = allFrames_.size() - t.firstFrame;
        signature = signature * 0x100000001B3ULL + (ts ^ (view.threadId << 1));
        ts = view.next;
    }
    if (signature != threadSignature_) {
        threadSignature_ = signature;
        names_.markStale();
    }
    return {};
}

Result<int32_t> PythonStackReader::nativeThreadIdOf(const ThreadStateView& view) {
    const uint32_t i = view.uniqueId ? tidIndex_.find(view.address) : AddressMap::kMissing;
    if (i != AddressMap::kMissing && knownTids_[i].stateId == view.uniqueId &&
        knownTids_[i].pthread == view.threadId)
        return knownTids_[i].tid;
    int32_t tid = 0;
    if (auto r = prefetch_.read(view.threadId + pthreadTidOffset_, &tid, 4); !r) return r.error();
    // 0: the thread is exiting (the kernel clears the field); not worth remembering.
    if (!view.uniqueId || tid <= 0) return tid;
    if (i != AddressMap::kMissing) {
        knownTids_[i] = {view.uniqueId, view.threadId, tid};
        return tid;
    }
    if (knownTids_.size() >= 2 * kMaxThreads) {
        tidIndex_.clear();
        knownTids_.clear();
    }
    tidIndex_.set(view.address, static_cast<uint32_t>(knownTids_.size()));
    knownTids_.push_back({view.uniqueId, view.threadId, tid});
    return tid;
}

Result<void> PythonStackReader::finishSample(bool consistent) {
    if (!consistent) {
        // Addresses seen in torn memory are no plan for the next sample, but the last good plan
        // still is: a read that tore because the stack moved between the two copies (a program
        // of short calls, often) made a plan that would serve again. Starting from nothing
        // instead took ten separate reads, each widening the window the next read tears in.
        prefetch_.abandon();
        walker_.forgetChunks();
        headKnown_ = false;
        return {};
    }
    prefetch_.end();
    auto verified = verify_ ? prefetch_.verify() : Result<void>{};
    // Only a head whose whole list was walked consistently is kept for the next samples.
    headKnown_ = verified.ok() && target_.offsets.tstate.prev != kAbsent;
    knownHead_ = pendingHead_;
    return verified;
}

Result<void> PythonStackReader::readStacks(Profile& profile, std::vector<ThreadStack>& out) {
    Result<void> r = walkThreads();
    if (r) r = codes_.resolve(profile, allFrames_, frameIds_, prefetch_);
    if (auto verified = finishSample(r.ok()); r && !verified) r = verified;
    if (!r) return r;
    out.resize(threadCount_);
    for (size_t i = 0; i < threadCount_; ++i) {
        const RawThread& t = threads_[i];
        ThreadStack& s = out[i];
        s.nativeThreadId = t.nativeThreadId;
        s.pythonThreadId = t.pythonThreadId;
        s.name = names_.name(objects_, target_.interp, t.pythonThreadId);
        s.holdsGil = t.holdsGil;
        s.idle = false;
        s.frames.clear();
        for (size_t k = 0; k < t.frameCount; ++k) {
            const FrameId f = frameIds_[t.firstFrame + k];
            if (f != kSkippedFrame) s.frames.push_back(f);
        }
    }
    return {};
}

Result<void> PythonStackReader::readRaw(std::vector<RawThread>& out) {
    Result<void> r = walkThreads();
    if (auto verified = finishSample(r.ok()); r && !verified) r = verified;
    if (!r) return r;
    out.assign(threads_.begin(), threads_.begin() + static_cast<std::ptrdiff_t>(threadCount_));
    for (RawThread& t : out) {
        t.frames.assign(allFrames_.begin() + static_cast<std::ptrdiff_t>(t.firstFrame),
                        allFrames_.begin() +
                            static_cast<std::ptrdiff_t>(t.firstFrame + t.frameCount));
        // Shim frames (3.12+ "<shim>" trampolines) are not the user's code.
        std::erase_if(t.frames, [&](const RawFrame& f) {
            auto info = codes_.info(f.code);
            return info && (*info)->shim;
        });
    }
    return {};
}

std::string PythonStackReader::threadName(uint64_t pythonThreadId) {
    return names_.name(objects_, target_.interp, pythonThreadId);
}

} // namespace spyglass::cpython

namespace spyglass {

Result<std::unique_ptr<StackReader>> openPythonProcess(int pid, const AttachOptions& options) {
    if (options.nativeStacks)
        return makeError("native stacks (--native) are not available yet", ErrorKind::Unsupported);
    auto reader = cpython::PythonStackReader::open(pid);
    if (!reader) return reader.error();
    return std::unique_ptr<StackReader>(std::move(*reader));
}

} // namespace spyglass
