// FlameGraphView: search and selection.
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

namespace spyglass {

// --- search ----------------------------------------------------------------------------------

bool FlameGraphView::setSearch(const QString& pattern, bool regularExpression) {
    searchPattern_ = pattern;
    searchRegex_ = regularExpression;
    rerunSearch();
    return !search_ || search_->isValid();
}

QString FlameGraphView::searchError() const { return search_ ? search_->errorString() : QString(); }
bool FlameGraphView::isSearchActive() const { return search_ && search_->isValid(); }
int64_t FlameGraphView::searchMatchedWeight() const {
    return isSearchActive() ? search_->matchedWeight() : 0;
}
double FlameGraphView::searchMatchedShare() const {
    if (!isSearchActive() || search_->totalWeight() <= 0) return 0;
    return double(search_->matchedWeight()) / double(search_->totalWeight());
}

// --- selection ---------------------------------------------------------------------------------

std::optional<FunctionId> FlameGraphView::selectedFunction() const {
    if (!model_ || !selected_.valid()) return std::nullopt;
    const FlameLabel& label = model_->layout->label(selected_);
    if (label.isAll || label.foldedPackage) return std::nullopt;
    return label.function;
}

void FlameGraphView::selectFunction(FunctionId function) {
    if (!model_) return;
    const FlameNode n = model_->layout->widestFrameOf(function);
    if (n == selected_) return;
    selectNode(n, false);
    if (n.valid()) ensureVisible(n);
}

void FlameGraphView::selectNode(FlameNode node, bool notify) {
    if (model_ && node.valid() && node.depth >= model_->layout->rowCount()) node = {};
    selected_ = node;
    update();
    if (!notify) return;
    if (auto f = selectedFunction()) emit functionSelected(*f);
    else if (!node.valid()) emit selectionCleared();
}

std::shared_ptr<const FlameLayout> FlameGraphView::layout() const {
    return model_ ? model_->layout : nullptr;
}

} // namespace spyglass
