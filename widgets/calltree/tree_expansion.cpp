#include "widgets/calltree/tree_expansion.h"

#include <QTreeView>

#include "widgets/models/call_tree_model.h"

namespace spyglass::ui {

namespace {

uint64_t keyOf(const CallTree& tree, uint32_t node) {
    const CallTreeNode& n = tree.node(node);
    if (n.foldedPackage) return (uint64_t{1} << 63) | n.foldedPackage;
    return (uint64_t{n.function} << 32) | n.line;
}

void collect(const QTreeView* view, const CallTreeModel* model, const QModelIndex& parent,
             NodePathKey& path, std::vector<NodePathKey>& out) {
    const int rows = model->rowCount(parent);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = model->index(row, 0, parent);
        if (!view->isExpanded(child)) continue;
        path.push_back(keyOf(*model->tree(), model->nodeForIndex(child)));
        out.push_back(path);
        collect(view, model, child, path, out);
        path.pop_back();
    }
}

} // namespace

std::vector<NodePathKey> saveExpandedNodes(const QTreeView* view, const CallTreeModel* model) {
    std::vector<NodePathKey> out;
    if (!model->tree()) return out;
    NodePathKey path;
    collect(view, model, QModelIndex(), path, out);
    return out;
}

int restoreExpandedNodes(QTreeView* view, const CallTreeModel* model, const std::vector<NodePathKey>& saved) {
    const CallTree* tree = model->tree();
    if (!tree) return 0;
    int found = 0;
    // Saved in pre-order, so each path's parent was expanded (or missed) just before it.
    for (const NodePathKey& path : saved) {
        uint32_t node = CallTree::kRoot;
        for (uint64_t key : path) {
            uint32_t next = CallTree::kRoot;
            for (uint32_t child : tree->children(node))
                if (keyOf(*tree, child) == key) {
                    next = child;
                    break;
                }
            node = next;
            if (node == CallTree::kRoot) break;
        }
        if (node == CallTree::kRoot) continue;
        view->expand(model->indexForNode(node));
        ++found;
    }
    return found;
}

void expandHotPath(QTreeView* view, const CallTreeModel* model, double minShare, int maxDepth) {
    const CallTree* tree = model->tree();
    if (!tree || tree->totalWeight() <= 0) return;
    uint32_t node = CallTree::kRoot;
    for (int depth = 0; depth < maxDepth; ++depth) {
        const auto kids = tree->children(node);
        if (kids.empty()) break;
        const uint32_t heaviest = kids.front(); // children come heaviest first
        if (tree->node(heaviest).total < minShare * tree->totalWeight()) break;
        view->expand(model->indexForNode(heaviest));
        node = heaviest;
    }
}

} // namespace spyglass::ui
