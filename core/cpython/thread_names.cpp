#include "core/cpython/thread_names.h"

#include "core/cpython/dict_reader.h"

namespace spyglass::cpython {

Result<void> ThreadNames::refresh(const ObjectReader& r, uint64_t interp) {
    lastRefresh_ = std::chrono::steady_clock::now();
    refreshed_ = true;
    sawActive_ = false;
    auto modules = r.memory().value<uint64_t>(interp + r.offsets().interp.modules);
    if (!modules) return modules.error();
    if (!*modules) return {};
    auto threading = dictLookup(r, *modules, "threading");
    if (!threading) return threading.error();
    if (!*threading) return {}; // never imported: no names
    auto globals = moduleDict(r, *threading);
    if (!globals) return globals.error();
    auto active = dictLookup(r, *globals, "_active");
    if (!active) return active.error();
    if (!*active) return {};
    sawActive_ = true;
    std::unordered_map<uint64_t, std::string> fresh;
    auto walked = forEachDictItem(r, *active, [&](uint64_t key, uint64_t thread) {
        auto ident = r.integer(key);
        if (!ident) return true;
        auto nameObject = instanceAttribute(r, thread, "_name");
        if (nameObject && !*nameObject) // 2.7 keeps it in a private, name-mangled attribute
            nameObject = instanceAttribute(r, thread, "_Thread__name");
        if (!nameObject || !*nameObject) return true;
        auto name = r.string(*nameObject, 1024);
        if (name) fresh[static_cast<uint64_t>(*ident)] = std::move(*name);
        return true;
    });
    if (!walked) return walked.error();
    names_ = std::move(fresh);
    return {};
}

const std::string& ThreadNames::name(const ObjectReader& r, uint64_t interp, uint64_t ident) {
    static const std::string kUnknown;
    auto it = names_.find(ident);
    if (it != names_.end() && !stale_) return it->second;
    // A thread `threading` does not know is asked about at every sample: once the retries have
    // backed off to a second, read the clock (which costs more than the lookup) only every 64th
    // time.
    if (it == names_.end() && refreshed_ && !stale_ && retryAfter_ >= kLastRetry &&
        (++unknownCalls_ & 63) != 0)
        return kUnknown;
    const auto now = std::chrono::steady_clock::now();
    const bool due = !refreshed_ || now - lastRefresh_ >= retryAfter_;
    if (it != names_.end() && !(stale_ && due)) return it->second;
    if (due) {
        stale_ = false;
        (void)refresh(r, interp); // a torn read leaves the old names; the next unknown id retries
        it = names_.find(ident);
        if (it != names_.end()) return it->second;
        // Without threading._active (a program that never imported threading) there is nothing
        // a moment could change: back to once a second.
        retryAfter_ = sawActive_ ? std::min(retryAfter_ * 2, kLastRetry) : kLastRetry;
    }
    return kUnknown;
}

} // namespace spyglass::cpython
