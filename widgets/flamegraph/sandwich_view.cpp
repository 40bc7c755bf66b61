#include "widgets/flamegraph/sandwich_view.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "widgets/flamegraph/flame_graph_view.h"

namespace spyglass {

SandwichView::SandwichView(QWidget* parent) : QWidget(parent) {
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::PlainText);
    title_->setContentsMargins(6, 4, 6, 4);
    callers_ = new FlameGraphView(this);
    callers_->setScope(FlameGraphView::Scope::CallersOf, UINT32_MAX); // no function yet
    callers_->setOrientation(FlameGraphView::Orientation::Flame);
    callers_->setAccessibleName(tr("Callers"));
    callees_ = new FlameGraphView(this);
    callees_->setScope(FlameGraphView::Scope::CalleesOf, UINT32_MAX);
    callees_->setOrientation(FlameGraphView::Orientation::Icicle);
    callees_->setAccessibleName(tr("Callees"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(callers_);
    split->addWidget(callees_);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(title_);
    layout->addWidget(split, 1);
    for (FlameGraphView* half : {callers_, callees_}) {
        connect(half, &FlameGraphView::functionSelected, this, &SandwichView::functionSelected);
        connect(half, &FlameGraphView::focusRequested, this, &SandwichView::focusRequested);
        connect(half, &FlameGraphView::excludeRequested, this, &SandwichView::excludeRequested);
        // "Show callers and callees" inside the sandwich moves the sandwich to that function.
        connect(half, &FlameGraphView::sandwichRequested, this, &SandwichView::setFunction);
    }
    updateTitle();
}

void SandwichView::setProfile(std::shared_ptr<const Profile> profile) {
    const ProfileSnapshot snap = profile ? ProfileSnapshot::of(*profile) : ProfileSnapshot{};
    setSnapshot(std::move(profile), snap);
}

void SandwichView::setSnapshot(std::shared_ptr<const Profile> profile, const ProfileSnapshot& snapshot) {
    if (profile != profile_) function_.reset();
    profile_ = profile;
    callers_->setSnapshot(profile, snapshot);
    callees_->setSnapshot(profile, snapshot);
    if (!function_) {
        callers_->setScope(FlameGraphView::Scope::CallersOf, UINT32_MAX);
        callees_->setScope(FlameGraphView::Scope::CalleesOf, UINT32_MAX);
    }
    updateTitle();
}

void SandwichView::setFilter(const SampleFilter& filter) {
    callers_->setFilter(filter);
    callees_->setFilter(filter);
}

void SandwichView::setMyCodeOnly(bool on) {
    callers_->setMyCodeOnly(on);
    callees_->setMyCodeOnly(on);
}

void SandwichView::setAnimationsEnabled(bool on) {
    callers_->setAnimationsEnabled(on);
    callees_->setAnimationsEnabled(on);
}

void SandwichView::setAsyncThreshold(size_t samples) {
    callers_->setAsyncThreshold(samples);
    callees_->setAsyncThreshold(samples);
}

void SandwichView::setSearch(const QString& pattern, bool regularExpression) {
    callers_->setSearch(pattern, regularExpression);
    callees_->setSearch(pattern, regularExpression);
}

void SandwichView::setFunction(FunctionId function) {
    if (!profile_ || function >= profile_->functionCount()) return;
    function_ = function;
    callers_->setScope(FlameGraphView::Scope::CallersOf, function);
    callees_->setScope(FlameGraphView::Scope::CalleesOf, function);
    updateTitle();
}

void SandwichView::updateTitle() {
    if (!profile_ || !function_) {
        title_->setText(tr("Choose a function to see its callers (above) and callees (below)."));
        return;
    }
    const std::string_view name = profile_->functionName(*function_);
    title_->setText(tr("Callers (above) and callees (below) of %1")
                        .arg(QString::fromUtf8(name.data(), qsizetype(name.size()))));
}

} // namespace spyglass
