#pragma once
// A top-down or bottom-up call tree as a Qt item model: function, own, total, own %, total %,
// location. Sorting reorders each node's children in place of the tree's heaviest-first order,
// without copying nodes, so a tree of a million nodes sorts in well under a second.
#include <QAbstractItemModel>
#include <memory>
#include <vector>

#include "core/query/call_tree.h"

namespace spyglass::ui {

struct QueryResults;

class CallTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { FunctionColumn, SelfColumn, TotalColumn, SelfPercentColumn, TotalPercentColumn,
                  LocationColumn, ColumnCount };
    enum Role {
        FunctionIdRole = Qt::UserRole + 1, // FunctionId, or -1 for a folded package
        NodeRole,                          // the node's index in the CallTree
        SortRole,                          // the raw number a column sorts by
        ShareRole,                         // total share in [0, 1], for bars
    };

    explicit CallTreeModel(TreeKind kind, QObject* parent = nullptr);

    TreeKind kind() const { return kind_; }
    // Shows the results' tree of this model's kind; null clears.
    void setResults(std::shared_ptr<const QueryResults> results);
    const std::shared_ptr<const QueryResults>& results() const { return results_; }
    const CallTree* tree() const;

    QModelIndex indexForNode(uint32_t node, int column = 0) const;
    uint32_t nodeForIndex(const QModelIndex& index) const; // CallTree::kRoot for invalid
    // The heaviest node of the function (by total); invalid when it has none.
    QModelIndex heaviestIndexForFunction(FunctionId function) const;
    // Functions from the root to the node; folded packages are skipped.
    std::vector<FunctionId> functionPath(uint32_t node) const;
    // The next node after `from` in display order whose function name contains `text`.
    QModelIndex findNext(const QString& text, const QModelIndex& from) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void buildOrder();
    bool lessThan(uint32_t a, uint32_t b, int column) const;
    QString nodeName(uint32_t node) const;

    TreeKind kind_;
    std::shared_ptr<const QueryResults> results_;
    std::vector<uint32_t> firstSlot_; // where each node's children start in order_
    std::vector<uint32_t> order_;     // children of every node, in display order
    std::vector<uint32_t> row_;       // each node's row under its parent
    int sortColumn_ = TotalColumn;
    Qt::SortOrder sortOrder_ = Qt::DescendingOrder;
};

} // namespace spyglass::ui
