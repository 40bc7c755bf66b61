#pragma once
// A flat, sortable list of functions with own and total weight: the callers or callees of the
// selected function, or the heaviest functions of the summary page.
#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "widgets/document/caller_callee.h"

namespace spyglass::ui {

class FunctionListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FunctionColumn, SelfColumn, TotalColumn, SelfPercentColumn, TotalPercentColumn,
                  LocationColumn, ColumnCount };
    enum Role { FunctionIdRole = Qt::UserRole + 1, SortRole };

    explicit FunctionListModel(QObject* parent = nullptr);

    // What the first column's header says ("Function", "Caller", "Callee").
    void setFunctionHeader(const QString& header);
    // Percentages are of `percentBase` (all samples the filter keeps).
    void setRows(std::shared_ptr<const Profile> profile, std::vector<FunctionRow> rows,
                 int64_t percentBase, MetricUnit unit);
    void clear();

    FunctionId functionAt(int row) const { return rows_[row].function; }
    const FunctionRow& rowAt(int row) const { return rows_[row]; }
    int rowOf(FunctionId function) const; // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void sortRows();

    QString functionHeader_;
    std::shared_ptr<const Profile> profile_;
    std::vector<FunctionRow> rows_;
    int64_t percentBase_ = 0;
    MetricUnit unit_ = MetricUnit::Samples;
    int sortColumn_ = TotalColumn;
    Qt::SortOrder sortOrder_ = Qt::DescendingOrder;
};

} // namespace spyglass::ui
