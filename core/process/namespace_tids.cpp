#include "core/process/namespace_tids.h"

#include "core/process/process_list.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace spyglass::process {

namespace {

// The ids of "NSpid:" in /proc/PID[/task/TID]/status, outermost (ours) first; empty when the
// line is missing (kernels before 4.1) or the file cannot be read.
std::vector<uint64_t> nsPids(const std::string& statusPath) {
    std::ifstream in(statusPath);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with("NSpid:")) continue;
        std::istringstream fields(line.substr(6));
        std::vector<uint64_t> ids;
        for (uint64_t id; fields >> id;)
            ids.push_back(id);
        return ids;
    }
    return {};
}

} // namespace

NamespaceTids::NamespaceTids(int pid) : pid_(pid) {
    translating_ = nsPids("/proc/" + std::to_string(pid) + "/status").size() > 1;
    if (translating_) refresh();
}

void NamespaceTids::refresh() {
    ours_.clear();
    const std::string dir = "/proc/" + std::to_string(pid_) + "/task/";
    for (int64_t tid : processThreadIds(pid_)) {
        const std::vector<uint64_t> ids = nsPids(dir + std::to_string(tid) + "/status");
        if (ids.size() > 1) ours_[ids.back()] = ids.front();
    }
}

uint64_t NamespaceTids::ours(uint64_t theirs) {
    if (!translating_ || theirs == 0) return theirs;
    if (auto it = ours_.find(theirs); it != ours_.end()) return it->second;
    refresh(); // a thread started since
    auto it = ours_.find(theirs);
    return it == ours_.end() ? 0 : it->second;
}

std::set<int64_t> NamespaceTids::theirIds() {
    refresh();
    std::set<int64_t> ids;
    for (const auto& [theirs, ours] : ours_)
        ids.insert(int64_t(theirs));
    return ids;
}

} // namespace spyglass::process
