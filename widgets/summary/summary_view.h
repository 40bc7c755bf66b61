#pragma once
// The first page after opening: what the profile is (file, interpreter, samples, time, threads)
// and its heaviest functions.
#include <QWidget>

class QLabel;
class QTreeView;

namespace spyglass::ui {

class FunctionListModel;
class ProfileDocument;

class SummaryView : public QWidget {
    Q_OBJECT
public:
    explicit SummaryView(ProfileDocument* document, QWidget* parent = nullptr);

    QTreeView* functionsView() const { return functionsView_; }
    FunctionListModel* functionsModel() const { return functions_; }
    QString summaryText() const;

private:
    void refresh();
    void showSelection();

    ProfileDocument* document_;
    QLabel* facts_;
    FunctionListModel* functions_;
    QTreeView* functionsView_;
    bool syncing_ = false;
};

} // namespace spyglass::ui
