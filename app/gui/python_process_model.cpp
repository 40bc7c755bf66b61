#include "app/gui/python_process_model.h"

#include "widgets/common/formatting.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace spyglass::gui {

PythonProcessModel::PythonProcessModel(QObject* parent) : QAbstractTableModel(parent) {
    pool_.setMaxThreadCount(1);
}

PythonProcessModel::~PythonProcessModel() {
    pool_.clear();
    pool_.waitForDone();
}

int PythonProcessModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int PythonProcessModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PythonProcessModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount() ||
        index.column() >= ColumnCount)
        return {};
    const process::PythonProcessInfo& p = rows_[size_t(index.row())];
    if (role == PidRole) return p.pid;
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromStdString(p.commandLine);
        if (!p.runtimePath.empty())
            tip += QLatin1Char('\n') + tr("Runtime: %1").arg(QString::fromStdString(p.runtimePath));
        if (!p.problem.empty()) tip += QLatin1Char('\n') + QString::fromStdString(p.problem);
        return tip;
    }
    if (role == Qt::ForegroundRole && !p.problem.empty())
        return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
    if (role == Qt::TextAlignmentRole &&
        (index.column() == PidColumn || index.column() == CpuColumn ||
         index.column() == MemoryColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    const QLocale locale;
    switch (index.column()) {
    case PidColumn:
        return p.pid;
    case UserColumn:
        return QString::fromStdString(p.user);
    case PythonColumn:
        return p.pythonVersion.empty() ? tr("not readable")
                                       : QString::fromStdString(p.pythonVersion);
    case CpuColumn:
        return tr("%1 %").arg(locale.toString(p.cpuPercent, 'f', 0));
    case MemoryColumn:
        return ui::formatWeight(static_cast<int64_t>(p.rssBytes), MetricUnit::Bytes);
    case CommandColumn:
        return QString::fromStdString(p.commandLine);
    default:
        return {};
    }
}

QVariant PythonProcessModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PidColumn:
        return tr("PID");
    case UserColumn:
        return tr("User");
    case PythonColumn:
        return tr("Python");
    case CpuColumn:
        return tr("CPU");
    case MemoryColumn:
        return tr("Memory");
    case CommandColumn:
        return tr("Command Line");
    default:
        return {};
    }
}

int PythonProcessModel::rowOfPid(int pid) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].pid == pid) return static_cast<int>(i);
    return -1;
}

void PythonProcessModel::setProcesses(std::vector<process::PythonProcessInfo> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void PythonProcessModel::refresh() {
    if (refreshing_) return;
    refreshing_ = true;
    pool_.start([this] {
        auto rows = std::make_shared<std::vector<process::PythonProcessInfo>>(
            process::listPythonProcesses());
        // Queued to this object: dropped if the model is gone.
        QMetaObject::invokeMethod(
            this,
            [this, rows] {
                refreshing_ = false;
                setProcesses(std::move(*rows));
                emit refreshed();
            },
            Qt::QueuedConnection);
    });
}

} // namespace spyglass::gui
