#pragma once
// One build of a call tree for everyone who asks for the same one at the same time. Opening a
// profile, the GUI's document (call tree views, function totals) and its flamegraph both want the
// top-down tree of the same snapshot under the same filter, each on its own worker thread; a tree
// of a big profile costs close to a second and as much memory as the profile, so the second
// request waits for the first one's build and both get the same immutable tree.
//
// Only requests that overlap in time, or come while someone still holds the tree, share it: the
// registry keeps weak references, so a tree lives exactly as long as a view holds it.
#include <memory>

#include "core/model/profile.h"
#include "core/query/call_tree.h"
#include "core/query/sample_filter.h"

namespace spyglass {

// `snap` must be a snapshot of `profile`. Thread-safe; blocks while an equal build is in flight.
std::shared_ptr<const CallTree> sharedCallTree(const std::shared_ptr<const Profile>& profile,
                                               const ProfileSnapshot& snap,
                                               const SampleFilter& filter, TreeKind kind,
                                               const TreeOptions& options = {});

} // namespace spyglass
