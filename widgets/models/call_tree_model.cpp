#include "widgets/models/call_tree_model.h"

#include <algorithm>

#include "widgets/common/formatting.h"
#include "widgets/document/query_results.h"

namespace spyglass::ui {

CallTreeModel::CallTreeModel(TreeKind kind, QObject* parent) : QAbstractItemModel(parent), kind_(kind) {}

const CallTree* CallTreeModel::tree() const { return results_ ? results_->tree(kind_) : nullptr; }

void CallTreeModel::setResults(std::shared_ptr<const QueryResults> results) {
    beginResetModel();
    results_ = std::move(results);
    buildOrder();
    endResetModel();
}

void CallTreeModel::buildOrder() {
    const CallTree* t = tree();
    const size_t n = t ? t->size() : 0;
    firstSlot_.assign(n, 0);
    order_.assign(n > 0 ? n - 1 : 0, 0);
    row_.assign(n, 0);
    uint32_t slot = 0;
    // The tree's own order is heaviest total first; only other orders need sorting.
    const bool presorted = sortColumn_ == TotalColumn && sortOrder_ == Qt::DescendingOrder;
    for (uint32_t i = 0; i < n; ++i) {
        firstSlot_[i] = slot;
        const auto kids = t->children(i);
        auto first = order_.begin() + slot;
        std::copy(kids.begin(), kids.end(), first);
        if (!presorted)
            std::sort(first, first + kids.size(), [&](uint32_t a, uint32_t b) {
                const bool less = lessThan(a, b, sortColumn_);
                const bool greater = lessThan(b, a, sortColumn_);
                if (less == greater) return a < b; // ties keep the tree's order
                return sortOrder_ == Qt::AscendingOrder ? less : greater;
            });
        for (uint32_t k = 0; k < kids.size(); ++k) row_[order_[slot + k]] = k;
        slot += static_cast<uint32_t>(kids.size());
    }
}

bool CallTreeModel::lessThan(uint32_t a, uint32_t b, int column) const {
    const CallTree& t = *tree();
    const CallTreeNode& x = t.node(a);
    const CallTreeNode& y = t.node(b);
    switch (column) {
    case SelfColumn:
    case SelfPercentColumn: return x.self < y.self;
    case TotalColumn:
    case TotalPercentColumn: return x.total < y.total;
    case LocationColumn: {
        const Profile& p = *results_->profile;
        const auto fx = x.foldedPackage ? std::string_view{} : p.functionFile(x.function);
        const auto fy = y.foldedPackage ? std::string_view{} : p.functionFile(y.function);
        return fx != fy ? fx < fy : x.line < y.line;
    }
    default: return nodeName(a).compare(nodeName(b), Qt::CaseInsensitive) < 0;
    }
}

QString CallTreeModel::nodeName(uint32_t node) const {
    const CallTreeNode& n = tree()->node(node);
    const Profile& p = *results_->profile;
    if (n.foldedPackage) return QLatin1Char('[') + QString::fromUtf8(p.str(n.foldedPackage)) + QLatin1Char(']');
    return functionLabel(p, n.function);
}

QModelIndex CallTreeModel::indexForNode(uint32_t node, int column) const {
    const CallTree* t = tree();
    if (!t || node == CallTree::kRoot || node >= t->size()) return {};
    return createIndex(static_cast<int>(row_[node]), column, quintptr(node));
}

uint32_t CallTreeModel::nodeForIndex(const QModelIndex& index) const {
    return index.isValid() ? static_cast<uint32_t>(index.internalId()) : CallTree::kRoot;
}

QModelIndex CallTreeModel::heaviestIndexForFunction(FunctionId function) const {
    const CallTree* t = tree();
    if (!t) return {};
    uint32_t best = CallTree::kRoot;
    for (uint32_t i = 1; i < t->size(); ++i) {
        const CallTreeNode& n = t->node(i);
        if (n.foldedPackage || n.function != function) continue;
        if (best == CallTree::kRoot || n.total > t->node(best).total) best = i;
    }
    return indexForNode(best);
}

std::vector<FunctionId> CallTreeModel::functionPath(uint32_t node) const {
    std::vector<FunctionId> path;
    const CallTree* t = tree();
    if (!t) return path;
    for (uint32_t i = node; i != CallTree::kRoot && i < t->size(); i = t->node(i).parent)
        if (!t->node(i).foldedPackage) path.push_back(t->node(i).function);
    // Up from a top-down node is inwards-out; up from a bottom-up node is already outermost first.
    if (kind_ == TreeKind::TopDown) std::reverse(path.begin(), path.end());
    return path;
}

QModelIndex CallTreeModel::findNext(const QString& text, const QModelIndex& from) const {
    const CallTree* t = tree();
    if (!t || t->size() <= 1 || text.isEmpty()) return {};
    auto next = [&](uint32_t node) -> uint32_t {
        if (t->node(node).childCount > 0) return order_[firstSlot_[node]];
        while (node != CallTree::kRoot) {
            const uint32_t parent = t->node(node).parent;
            if (row_[node] + 1 < t->node(parent).childCount) return order_[firstSlot_[parent] + row_[node] + 1];
            node = parent;
        }
        return order_[firstSlot_[CallTree::kRoot]]; // wrap around
    };
    const uint32_t start = nodeForIndex(from);
    uint32_t node = start;
    for (size_t steps = 0; steps < t->size(); ++steps) {
        node = next(node);
        if (nodeName(node).contains(text, Qt::CaseInsensitive)) return indexForNode(node);
        if (node == start) break;
    }
    return {};
}

QModelIndex CallTreeModel::index(int row, int column, const QModelIndex& parent) const {
    const CallTree* t = tree();
    if (!t || row < 0 || column < 0 || column >= ColumnCount) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    const uint32_t p = nodeForIndex(parent);
    if (static_cast<uint32_t>(row) >= t->node(p).childCount) return {};
    return createIndex(row, column, quintptr(order_[firstSlot_[p] + row]));
}

QModelIndex CallTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || !tree()) return {};
    const uint32_t parent = tree()->node(nodeForIndex(child)).parent;
    return parent == CallTree::kRoot ? QModelIndex() : indexForNode(parent);
}

int CallTreeModel::rowCount(const QModelIndex& parent) const {
    if (!tree() || (parent.isValid() && parent.column() != 0)) return 0;
    return static_cast<int>(tree()->node(nodeForIndex(parent)).childCount);
}

int CallTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

bool CallTreeModel::hasChildren(const QModelIndex& parent) const { return rowCount(parent) > 0; }

QVariant CallTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !tree()) return {};
    const uint32_t node = nodeForIndex(index);
    const CallTreeNode& n = tree()->node(node);
    const Profile& p = *results_->profile;
    const int64_t whole = tree()->totalWeight();
    const MetricUnit unit = results_->unit;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FunctionColumn: return nodeName(node);
        case SelfColumn: return formatWeight(n.self, unit);
        case TotalColumn: return formatWeight(n.total, unit);
        case SelfPercentColumn: return formatPercent(n.self, whole);
        case TotalPercentColumn: return formatPercent(n.total, whole);
        case LocationColumn:
            return n.foldedPackage ? tr("package %1").arg(QString::fromUtf8(p.str(n.foldedPackage)))
                                   : locationLabel(p, n.function, n.line);
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = nodeName(node);
        if (!n.foldedPackage && !p.functionFile(n.function).empty())
            tip += QLatin1Char('\n') + locationLabel(p, n.function, n.line);
        tip += QLatin1Char('\n') + tr("Own: %1 (%2)").arg(formatWeight(n.self, unit), formatPercent(n.self, whole));
        tip += QLatin1Char('\n') + tr("Total: %1 (%2)").arg(formatWeight(n.total, unit), formatPercent(n.total, whole));
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == FunctionColumn || index.column() == LocationColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case FunctionIdRole: return n.foldedPackage ? -1 : static_cast<qlonglong>(n.function);
    case NodeRole: return node;
    case ShareRole: return shareOf(n.total, whole);
    case SortRole:
        switch (index.column()) {
        case SelfColumn:
        case SelfPercentColumn: return static_cast<qlonglong>(n.self);
        case TotalColumn:
        case TotalPercentColumn: return static_cast<qlonglong>(n.total);
        default: return data(index, Qt::DisplayRole);
        }
    }
    return {};
}

QVariant CallTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case FunctionColumn: return kind_ == TreeKind::TopDown ? tr("Function") : tr("Function (callers below)");
        case SelfColumn: return tr("Own");
        case TotalColumn: return tr("Total");
        case SelfPercentColumn: return tr("Own %");
        case TotalPercentColumn: return tr("Total %");
        case LocationColumn: return tr("Location");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case SelfColumn: return tr("Samples whose innermost frame is this one");
        case TotalColumn: return tr("Samples with this frame anywhere on the stack");
        }
    }
    return {};
}

void CallTreeModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<uint32_t> nodes;
    nodes.reserve(before.size());
    for (const QModelIndex& i : before) nodes.push_back(nodeForIndex(i));
    sortColumn_ = column;
    sortOrder_ = order;
    buildOrder();
    QModelIndexList after;
    after.reserve(before.size());
    for (int i = 0; i < before.size(); ++i) after.push_back(indexForNode(nodes[i], before[i].column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace spyglass::ui
