#pragma once
// Remembers which nodes of a call tree view are expanded by the functions on their paths, so the
// same nodes open again after the tree is rebuilt (a new filter, samples appended while recording).
#include <cstdint>
#include <vector>

class QTreeView;

namespace spyglass::ui {

class CallTreeModel;

using NodePathKey = std::vector<uint64_t>; // one key per level: function and line, or package

std::vector<NodePathKey> saveExpandedNodes(const QTreeView* view, const CallTreeModel* model);
// Returns how many of the saved nodes were found and expanded.
int restoreExpandedNodes(QTreeView* view, const CallTreeModel* model, const std::vector<NodePathKey>& saved);
// Opens the heaviest path from the root while it carries at least `minShare` of the total.
void expandHotPath(QTreeView* view, const CallTreeModel* model, double minShare = 0.2, int maxDepth = 40);

} // namespace spyglass::ui
