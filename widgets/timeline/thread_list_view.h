#pragma once
// The threads as a checkable list: the keyboard's way to the thread filter, with sample counts.
#include <QTreeView>

namespace spyglass::ui {

class ProfileDocument;
class ThreadListModel;

class ThreadListView : public QTreeView {
    Q_OBJECT
public:
    explicit ThreadListView(ProfileDocument* document, QWidget* parent = nullptr);
    ThreadListModel* threadModel() const { return model_; }

private:
    ProfileDocument* document_;
    ThreadListModel* model_;
};

} // namespace spyglass::ui
