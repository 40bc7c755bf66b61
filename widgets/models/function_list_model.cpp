#include "widgets/models/function_list_model.h"

#include <algorithm>

#include "widgets/common/formatting.h"

namespace spyglass::ui {

FunctionListModel::FunctionListModel(QObject* parent)
    : QAbstractTableModel(parent), functionHeader_(tr("Function")) {}

void FunctionListModel::setFunctionHeader(const QString& header) {
    functionHeader_ = header;
    emit headerDataChanged(Qt::Horizontal, FunctionColumn, FunctionColumn);
}

void FunctionListModel::setRows(std::shared_ptr<const Profile> profile, std::vector<FunctionRow> rows,
                                int64_t percentBase, MetricUnit unit) {
    beginResetModel();
    profile_ = std::move(profile);
    rows_ = profile_ ? std::move(rows) : std::vector<FunctionRow>{};
    percentBase_ = percentBase;
    unit_ = unit;
    sortRows();
    endResetModel();
}

void FunctionListModel::clear() { setRows(nullptr, {}, 0, MetricUnit::Samples); }

int FunctionListModel::rowOf(FunctionId function) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].function == function) return static_cast<int>(i);
    return -1;
}

int FunctionListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int FunctionListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FunctionListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
    const FunctionRow& r = rows_[index.row()];
    const Profile& p = *profile_;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FunctionColumn: return functionLabel(p, r.function);
        case SelfColumn: return formatWeight(r.self, unit_);
        case TotalColumn: return formatWeight(r.total, unit_);
        case SelfPercentColumn: return formatPercent(r.self, percentBase_);
        case TotalPercentColumn: return formatPercent(r.total, percentBase_);
        case LocationColumn: return locationLabel(p, r.function, 0);
        }
        return {};
    case Qt::ToolTipRole:
        return functionLabel(p, r.function) + QLatin1Char('\n') + locationLabel(p, r.function, 0);
    case Qt::TextAlignmentRole:
        if (index.column() == FunctionColumn || index.column() == LocationColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case FunctionIdRole: return static_cast<qlonglong>(r.function);
    case SortRole:
        switch (index.column()) {
        case SelfColumn:
        case SelfPercentColumn: return static_cast<qlonglong>(r.self);
        case TotalColumn:
        case TotalPercentColumn: return static_cast<qlonglong>(r.total);
        default: return data(index, Qt::DisplayRole);
        }
    }
    return {};
}

QVariant FunctionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case FunctionColumn: return functionHeader_;
    case SelfColumn: return tr("Own");
    case TotalColumn: return tr("Total");
    case SelfPercentColumn: return tr("Own %");
    case TotalPercentColumn: return tr("Total %");
    case LocationColumn: return tr("Location");
    }
    return {};
}

void FunctionListModel::sortRows() {
    if (!profile_) return;
    const Profile& p = *profile_;
    auto key = [&](const FunctionRow& a, const FunctionRow& b) -> int {
        switch (sortColumn_) {
        case SelfColumn:
        case SelfPercentColumn: return a.self < b.self ? -1 : a.self > b.self;
        case TotalColumn:
        case TotalPercentColumn: return a.total < b.total ? -1 : a.total > b.total;
        case LocationColumn: return p.functionFile(a.function).compare(p.functionFile(b.function));
        default: return p.functionName(a.function).compare(p.functionName(b.function));
        }
    };
    std::stable_sort(rows_.begin(), rows_.end(), [&](const FunctionRow& a, const FunctionRow& b) {
        const int c = key(a, b);
        return sortOrder_ == Qt::AscendingOrder ? c < 0 : c > 0;
    });
}

void FunctionListModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<FunctionId> functions;
    for (const QModelIndex& i : before) functions.push_back(rows_[i.row()].function);
    sortColumn_ = column;
    sortOrder_ = order;
    sortRows();
    QModelIndexList after;
    for (int i = 0; i < before.size(); ++i) {
        const int row = rowOf(functions[i]);
        after.push_back(row < 0 ? QModelIndex() : index(row, before[i].column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace spyglass::ui
