#pragma once
// The profile's threads with their sample counts; the check boxes show and edit the thread filter.
#include <QAbstractTableModel>
#include <QList>
#include <memory>
#include <vector>

#include "core/model/frame.h"

namespace spyglass::ui {

struct ProfileOverview;

class ThreadListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, IdColumn, SamplesColumn, ShareColumn, ColumnCount };
    enum Role { ThreadIndexRole = Qt::UserRole + 1 };

    explicit ThreadListModel(QObject* parent = nullptr);

    void setOverview(std::shared_ptr<const ProfileOverview> overview);
    // The threads the filter keeps; empty means all.
    void setChosen(const std::vector<ThreadIndex>& threads);
    bool isChosen(ThreadIndex thread) const;
    ThreadIndex threadAt(int row) const { return static_cast<ThreadIndex>(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    // The user ticked or unticked a box: the threads that would be chosen now (all of them: empty).
    void chosenEdited(const QList<quint32>& threads);

private:
    std::shared_ptr<const ProfileOverview> overview_;
    std::vector<ThreadIndex> chosen_;
};

} // namespace spyglass::ui
