#pragma once
// The sandwich tab: the selected function with its callers above and callees below, as flame
// graphs (the flamegraph's SandwichView), bound to the document.
#include <QWidget>

namespace spyglass {
class SandwichView;
}

namespace spyglass::ui {
class ProfileDocument;
}

namespace spyglass::gui {

class SandwichPage : public QWidget {
    Q_OBJECT
public:
    explicit SandwichPage(ui::ProfileDocument* document, QWidget* parent = nullptr);
    SandwichView* view() const { return view_; }

private:
    ui::ProfileDocument* document_;
    SandwichView* view_;
    bool syncing_ = false;
};

} // namespace spyglass::gui
