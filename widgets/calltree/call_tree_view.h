#pragma once
// A top-down or bottom-up call tree with a find box. Follows the document: rebuilt trees keep their
// expanded nodes, and the shared selected function is selected here too.
#include <QPersistentModelIndex>
#include <QWidget>
#include <vector>

#include "core/model/frame.h"

class QLineEdit;
class QTreeView;

namespace spyglass::ui {

class CallTreeModel;
class ProfileDocument;

class CallTreeView : public QWidget {
    Q_OBJECT
public:
    CallTreeView(ProfileDocument* document, bool bottomUp, QWidget* parent = nullptr);

    QTreeView* treeView() const { return tree_; }
    CallTreeModel* model() const { return model_; }
    QLineEdit* findEdit() const { return find_; }

    // The call stack of the current node, outermost first.
    std::vector<FunctionId> currentStack() const;
    // Finds the next node whose name contains the text; false when there is none.
    bool findNext(const QString& text);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void onResults();
    void onSelectionChanged();
    void onCurrentChanged(const QModelIndex& current);
    void showContextMenu(const QPoint& pos);
    void showName(const QModelIndex& index);

    ProfileDocument* document_;
    CallTreeModel* model_;
    QTreeView* tree_;
    QLineEdit* find_;
    bool syncing_ = false;
    bool everShown_ = false;
    QPersistentModelIndex pendingName_; // to scroll to once the view is shown
};

} // namespace spyglass::ui
