#include "app/gui/flame_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_legend.h"

namespace spyglass::gui {

FlamePage::FlamePage(ui::ProfileDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), view_(new FlameGraphView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    orientation_ = new QToolButton(this);
    orientation_->setCheckable(true);
    orientation_->setText(tr("Icicle"));
    orientation_->setToolTip(tr("Root at the top (icicle) instead of the bottom (flame)"));
    bar->addWidget(orientation_);
    layoutKind_ = new QComboBox(this);
    layoutKind_->addItem(tr("Merged (left-heavy)"));
    layoutKind_->addItem(tr("Time order"));
    layoutKind_->setToolTip(tr("Merge identical stacks, heaviest first, or lay the samples out along time"));
    bar->addWidget(layoutKind_);
    bar->addSpacing(12);
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search frames (Ctrl+F)"));
    search_->setClearButtonEnabled(true);
    bar->addWidget(search_, 1);
    regex_ = new QCheckBox(tr("Regular expression"), this);
    bar->addWidget(regex_);
    matches_ = new QLabel(this);
    bar->addWidget(matches_);
    bar->addStretch();
    bar->addWidget(new FlameLegend(this));
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    setFocusProxy(view_);

    connect(orientation_, &QToolButton::toggled, this, [this](bool on) { setIcicle(on); });
    connect(layoutKind_, &QComboBox::currentIndexChanged, this, [this](int i) { setTimeOrder(i == 1); });
    connect(search_, &QLineEdit::textChanged, this, &FlamePage::onSearchEdited);
    connect(regex_, &QCheckBox::toggled, this, &FlamePage::onSearchEdited);
    connect(view_, &FlameGraphView::searchChanged, this, [this](qint64 matched, qint64 total) {
        matches_->setText(view_->isSearchActive() ? tr("matches %1 of the samples").arg(ui::formatPercent(matched, total))
                                                  : QString());
    });

    // The document drives the view...
    connect(document_, &ui::ProfileDocument::profileChanged, this, [this] {
        view_->setFilter(document_->filters()->sampleFilter());
        if (document_->hasProfile()) view_->setSnapshot(document_->sharedProfile(), document_->snapshot());
        else view_->setProfile(nullptr);
    });
    connect(document_, &ui::ProfileDocument::resultsReady, this, [this] {
        // Results follow both filter changes and appended samples; the view skips what is unchanged.
        const auto results = document_->results();
        view_->setFilter(results->filter);
        view_->setSnapshot(document_->sharedProfile(), results->snapshot);
        view_->setMetric(results->metric);
    });
    connect(document_->selection(), &ui::FunctionSelection::changed, this, [this](FunctionId f) {
        if (syncing_ || f == ui::FunctionSelection::kNone) return;
        if (view_->selectedFunction() == f) return;
        view_->selectFunction(f);
    });
    // ...and the view's requests go to the document.
    connect(view_, &FlameGraphView::functionSelected, this, [this](FunctionId f) {
        syncing_ = true;
        document_->selection()->select(f);
        syncing_ = false;
    });
    connect(view_, &FlameGraphView::focusRequested, this, [this](FunctionId f) {
        document_->filters()->pushFocus(f, ui::functionLabel(*document_->profile(), f));
    });
    connect(view_, &FlameGraphView::excludeRequested, this, [this](FunctionId f) {
        document_->filters()->pushExcludeFunction(f, ui::functionLabel(*document_->profile(), f));
    });
    connect(view_, &FlameGraphView::sandwichRequested, this, &FlamePage::sandwichRequested);
}

void FlamePage::onSearchEdited() {
    if (!view_->setSearch(search_->text(), regex_->isChecked())) {
        matches_->setText(tr("invalid: %1").arg(view_->searchError()));
    }
}

void FlamePage::setIcicle(bool icicle) {
    view_->setOrientation(icicle ? FlameGraphView::Orientation::Icicle : FlameGraphView::Orientation::Flame);
    if (orientation_->isChecked() != icicle) orientation_->setChecked(icicle);
}

bool FlamePage::isIcicle() const { return view_->orientation() == FlameGraphView::Orientation::Icicle; }

void FlamePage::setTimeOrder(bool timeOrder) {
    view_->setLayoutKind(timeOrder ? FlameLayoutKind::TimeOrder : FlameLayoutKind::LeftHeavy);
    if (layoutKind_->currentIndex() != (timeOrder ? 1 : 0)) layoutKind_->setCurrentIndex(timeOrder ? 1 : 0);
}

bool FlamePage::isTimeOrder() const { return view_->layoutKind() == FlameLayoutKind::TimeOrder; }

} // namespace spyglass::gui
