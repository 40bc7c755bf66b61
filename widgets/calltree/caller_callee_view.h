#pragma once
// The selected function with its callers above and its callees below (hotspot's caller/callee
// view). Activating a caller or callee selects it, so one can walk the call graph.
#include <QWidget>

class QLabel;
class QTreeView;

namespace spyglass::ui {

class FunctionListModel;
class ProfileDocument;

class CallerCalleeView : public QWidget {
    Q_OBJECT
public:
    explicit CallerCalleeView(ProfileDocument* document, QWidget* parent = nullptr);

    FunctionListModel* callersModel() const { return callers_; }
    FunctionListModel* calleesModel() const { return callees_; }
    QTreeView* callersView() const { return callersView_; }
    QTreeView* calleesView() const { return calleesView_; }

private:
    QTreeView* makeList(FunctionListModel* model, const QString& name);
    void onDetails();

    ProfileDocument* document_;
    QLabel* title_;
    FunctionListModel* callers_;
    FunctionListModel* callees_;
    QTreeView* callersView_;
    QTreeView* calleesView_;
};

} // namespace spyglass::ui
