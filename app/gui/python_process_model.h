#pragma once
// The Python processes on this machine as a table (core/process listPythonProcesses): pid, user,
// Python version, CPU, memory, command line. The scan reads /proc and each interpreter, so it runs
// on a worker thread; refresh() starts one and `refreshed` says when the rows changed.
#include "core/process/process_list.h"

#include <QAbstractTableModel>
#include <QThreadPool>
#include <memory>
#include <vector>

namespace spyglass::gui {

class PythonProcessModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        PidColumn,
        UserColumn,
        PythonColumn,
        CpuColumn,
        MemoryColumn,
        CommandColumn,
        ColumnCount
    };
    // The pid of a row, for any column.
    static constexpr int PidRole = Qt::UserRole + 1;

    explicit PythonProcessModel(QObject* parent = nullptr);
    ~PythonProcessModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const process::PythonProcessInfo& process(int row) const { return rows_[size_t(row)]; }
    int rowOfPid(int pid) const;
    bool isRefreshing() const { return refreshing_; }

    // Shows these rows (tests, and the result of a scan).
    void setProcesses(std::vector<process::PythonProcessInfo> rows);

  public slots:
    void refresh();

  signals:
    void refreshed();

  private:
    std::vector<process::PythonProcessInfo> rows_;
    QThreadPool pool_;
    bool refreshing_ = false;
};

} // namespace spyglass::gui
