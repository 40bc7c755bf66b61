#include "app/gui/sandwich_page.h"

#include <QVBoxLayout>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/sandwich_view.h"

namespace spyglass::gui {

SandwichPage::SandwichPage(ui::ProfileDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), view_(new SandwichView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    setFocusProxy(view_);
    connect(document_, &ui::ProfileDocument::profileChanged, this, [this] {
        view_->setFilter(document_->filters()->sampleFilter());
        if (document_->hasProfile()) view_->setSnapshot(document_->sharedProfile(), document_->snapshot());
        else view_->setProfile(nullptr);
    });
    connect(document_, &ui::ProfileDocument::resultsReady, this, [this] {
        const auto results = document_->results();
        view_->setFilter(results->filter);
        view_->setSnapshot(document_->sharedProfile(), results->snapshot);
    });
    connect(document_->selection(), &ui::FunctionSelection::changed, this, [this](FunctionId f) {
        if (!syncing_ && f != ui::FunctionSelection::kNone) view_->setFunction(f);
    });
    connect(view_, &SandwichView::functionSelected, this, [this](FunctionId f) {
        syncing_ = true;
        document_->selection()->select(f);
        syncing_ = false;
    });
    connect(view_, &SandwichView::focusRequested, this, [this](FunctionId f) {
        document_->filters()->pushFocus(f, ui::functionLabel(*document_->profile(), f));
    });
    connect(view_, &SandwichView::excludeRequested, this, [this](FunctionId f) {
        document_->filters()->pushExcludeFunction(f, ui::functionLabel(*document_->profile(), f));
    });
}

} // namespace spyglass::gui
