#include "widgets/models/thread_list_model.h"

#include <QLocale>
#include <algorithm>

#include "widgets/common/formatting.h"
#include "widgets/document/query_results.h"

namespace spyglass::ui {

ThreadListModel::ThreadListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ThreadListModel::setOverview(std::shared_ptr<const ProfileOverview> overview) {
    beginResetModel();
    overview_ = std::move(overview);
    endResetModel();
}

void ThreadListModel::setChosen(const std::vector<ThreadIndex>& threads) {
    chosen_ = threads;
    if (rowCount() > 0) emit dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::CheckStateRole});
}

bool ThreadListModel::isChosen(ThreadIndex thread) const {
    return chosen_.empty() || std::find(chosen_.begin(), chosen_.end(), thread) != chosen_.end();
}

int ThreadListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !overview_ ? 0 : static_cast<int>(overview_->snapshot.threads);
}

int ThreadListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ThreadListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Profile& p = *overview_->profile;
    const auto thread = static_cast<ThreadIndex>(index.row());
    const auto& perThread = overview_->summary.samplesPerThread;
    const size_t samples = thread < perThread.size() ? perThread[thread] : 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return threadLabel(p, thread);
        case IdColumn: return QString::number(p.thread(thread).id);
        case SamplesColumn: return QLocale().toString(static_cast<qulonglong>(samples));
        case ShareColumn: return formatPercent(static_cast<int64_t>(samples), static_cast<int64_t>(overview_->summary.samples));
        }
        return {};
    case Qt::CheckStateRole:
        if (index.column() == NameColumn) return isChosen(thread) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NameColumn) return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case ThreadIndexRole: return thread;
    }
    return {};
}

bool ThreadListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || !index.isValid() || index.column() != NameColumn) return false;
    const auto thread = static_cast<ThreadIndex>(index.row());
    const bool on = value.toInt() == Qt::Checked;
    std::vector<ThreadIndex> next;
    for (int row = 0; row < rowCount(); ++row) {
        const auto t = static_cast<ThreadIndex>(row);
        if (t == thread ? on : isChosen(t)) next.push_back(t);
    }
    if (next.empty()) return false; // no thread at all would show nothing; keep the last one
    QList<quint32> edited;
    if (next.size() < static_cast<size_t>(rowCount()))
        for (ThreadIndex t : next) edited.push_back(t);
    emit chosenEdited(edited);
    return true;
}

Qt::ItemFlags ThreadListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == NameColumn) f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant ThreadListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Thread");
    case IdColumn: return tr("ID");
    case SamplesColumn: return tr("Samples");
    case ShareColumn: return tr("Share");
    }
    return {};
}

} // namespace spyglass::ui
