#pragma once
// Names of the target's threads as `threading` knows them: interp->modules["threading"]._active,
// a dict {ident: Thread}, and each Thread's `_name`. Read again when a thread id shows up that is
// not known yet: soon after the set of threads changed (a new thread enters `_active` a moment
// after it starts running), then backing off to once a second, so a thread `threading` never
// heard of costs nothing.
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/cpython/object_reader.h"
#include "core/model/result.h"

namespace spyglass::cpython {

class ThreadNames {
public:
    // The name of `ident` (a pthread_t), "" when unknown.
    const std::string& name(const ObjectReader& reader, uint64_t interp, uint64_t ident);
    // Reads threading._active now; the map afterwards holds every named thread.
    Result<void> refresh(const ObjectReader& reader, uint64_t interp);
    const std::unordered_map<uint64_t, std::string>& names() const { return names_; }
    // The set of threads changed: an ident may now belong to another thread (pthread_t values are
    // reused), so the next lookup re-reads the names (still at most once a second).
    void markStale() {
        stale_ = true;
        retryAfter_ = kFirstRetry;
    }

private:
    std::unordered_map<uint64_t, std::string> names_;
    static constexpr std::chrono::milliseconds kFirstRetry{10}, kLastRetry{1000};
    std::chrono::milliseconds retryAfter_ = kFirstRetry; // doubles while an ident stays unknown
    std::chrono::steady_clock::time_point lastRefresh_{};
    bool refreshed_ = false;
    bool stale_ = false;
    bool sawActive_ = false; // the last refresh found threading._active
    uint32_t unknownCalls_ = 0;
};

} // namespace spyglass::cpython
