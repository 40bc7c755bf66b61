#include "core/query/shared_call_tree.h"

#include <condition_variable>
#include <mutex>
#include <vector>

namespace spyglass {

namespace {

// A build in flight: who asks for the same tree meanwhile waits here.
struct Build {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    std::shared_ptr<const CallTree> tree; // null if the build failed
};

struct Entry {
    // The profile by its control block, not its address: a new profile at a freed one's address
    // is not the same profile.
    std::weak_ptr<const Profile> profile;
    ProfileSnapshot snapshot;
    SampleFilter filter;
    TreeKind kind = TreeKind::TopDown;
    TreeOptions options;
    std::shared_ptr<Build> building;   // while in flight
    std::weak_ptr<const CallTree> tree; // once built

    bool matches(const std::shared_ptr<const Profile>& p, const ProfileSnapshot& s, const SampleFilter& f,
                 TreeKind k, const TreeOptions& o) const {
        return !profile.owner_before(p) && !p.owner_before(profile) && snapshot.samples == s.samples &&
               snapshot.stacks == s.stacks && snapshot.functions == s.functions &&
               snapshot.frames == s.frames && snapshot.threads == s.threads && kind == k &&
               options.metric == o.metric && options.byLine == o.byLine && filter == f;
    }
    bool alive() const { return building || !tree.expired(); }
};

std::mutex registryMutex;
std::vector<Entry> registry;

std::shared_ptr<const CallTree> waitFor(Build& build) {
    std::unique_lock lock(build.mutex);
    build.done.wait(lock, [&] { return build.finished; });
    return build.tree;
}

void publish(const std::shared_ptr<Build>& build, std::shared_ptr<const CallTree> tree) {
    {
        std::lock_guard lock(registryMutex);
        for (Entry& e : registry)
            if (e.building == build) {
                e.tree = tree;
                e.building.reset();
            }
        std::erase_if(registry, [](const Entry& e) { return !e.alive(); });
    }
    {
        std::lock_guard lock(build->mutex);
        build->tree = std::move(tree);
        build->finished = true;
    }
    build->done.notify_all();
}

} // namespace

std::shared_ptr<const CallTree> sharedCallTree(const std::shared_ptr<const Profile>& profile,
                                               const ProfileSnapshot& snap,
                                               const SampleFilter& filter, TreeKind kind,
                                               const TreeOptions& options) {
    if (!profile) return std::make_shared<const CallTree>(buildCallTree(snap, filter, kind, options));
    std::shared_ptr<Build> build;
    bool mine = false;
    {
        std::lock_guard lock(registryMutex);
        std::erase_if(registry, [](const Entry& e) { return !e.alive(); });
        for (const Entry& e : registry) {
            if (!e.matches(profile, snap, filter, kind, options)) continue;
            if (auto tree = e.tree.lock()) return tree;
            build = e.building;
            break;
        }
        if (!build) {
            Entry e;
            e.profile = profile;
            e.snapshot = snap;
            e.filter = filter;
            e.kind = kind;
            e.options = options;
            e.building = build = std::make_shared<Build>();
            registry.push_back(std::move(e));
            mine = true;
        }
    }
    if (!mine) {
        // Another thread builds it; the registry lock is not held while anyone builds or waits.
        if (auto tree = waitFor(*build)) return tree;
        // That build failed (out of memory): try here too, so the error surfaces in this caller.
        return std::make_shared<const CallTree>(buildCallTree(snap, filter, kind, options));
    }
    std::shared_ptr<const CallTree> tree;
    try {
        tree = std::make_shared<const CallTree>(buildCallTree(snap, filter, kind, options));
    } catch (...) {
        publish(build, nullptr);
        throw;
    }
    publish(build, tree);
    return tree;
}

} // namespace spyglass
