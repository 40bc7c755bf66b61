#include "widgets/calltree/call_tree_view.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/calltree/function_menu.h"
#include "widgets/calltree/tree_expansion.h"
#include "widgets/document/profile_document.h"
#include "widgets/models/call_tree_model.h"

namespace spyglass::ui {

CallTreeView::CallTreeView(ProfileDocument* document, bool bottomUp, QWidget* parent)
    : QWidget(parent), document_(document),
      model_(new CallTreeModel(bottomUp ? TreeKind::BottomUp : TreeKind::TopDown, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    find_ = new QLineEdit(this);
    find_->setPlaceholderText(tr("Find function (Enter: next match)"));
    find_->setClearButtonEnabled(true);
    layout->addWidget(find_);
    tree_ = new QTreeView(this);
    tree_->setObjectName(bottomUp ? QStringLiteral("bottomUpTree") : QStringLiteral("topDownTree"));
    tree_->setUniformRowHeights(true);
    tree_->setIndentation(14);
    tree_->setAlternatingRowColors(true);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->setModel(model_);
    tree_->header()->setSortIndicator(CallTreeModel::TotalColumn, Qt::DescendingOrder);
    tree_->setSortingEnabled(true);
    tree_->header()->setStretchLastSection(true);
    tree_->header()->resizeSection(CallTreeModel::FunctionColumn, 380);
    for (int c = CallTreeModel::SelfColumn; c <= CallTreeModel::TotalPercentColumn; ++c)
        tree_->header()->resizeSection(c, 80);
    layout->addWidget(tree_, 1);
    setFocusProxy(tree_);

    connect(find_, &QLineEdit::returnPressed, this, [this] { findNext(find_->text()); });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });
    connect(tree_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QVariant f = index.data(CallTreeModel::FunctionIdRole);
        if (f.toLongLong() >= 0) {
            const auto path = model_->functionPath(model_->nodeForIndex(index));
            document_->selection()->activate(static_cast<FunctionId>(f.toLongLong()), path);
        }
    });
    connect(tree_, &QWidget::customContextMenuRequested, this, &CallTreeView::showContextMenu);
    connect(document_, &ProfileDocument::resultsReady, this, &CallTreeView::onResults);
    connect(document_, &ProfileDocument::profileChanged, this, [this] {
        model_->setResults(nullptr);
        everShown_ = false;
    });
    connect(document_->selection(), &FunctionSelection::changed, this, &CallTreeView::onSelectionChanged);
}

void CallTreeView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // After the layout has given the tree its size.
    QTimer::singleShot(0, this, [this] {
        if (pendingName_.isValid()) showName(pendingName_);
    });
    if (model_->kind() == TreeKind::BottomUp) document_->setBottomUpWanted(true);
}

void CallTreeView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    if (model_->kind() == TreeKind::BottomUp) document_->setBottomUpWanted(false);
}

void CallTreeView::onResults() {
    const auto expanded = saveExpandedNodes(tree_, model_);
    syncing_ = true;
    model_->setResults(document_->results());
    if (restoreExpandedNodes(tree_, model_, expanded) == 0 || !everShown_) expandHotPath(tree_, model_);
    everShown_ = true;
    syncing_ = false;
    onSelectionChanged();
}

void CallTreeView::onSelectionChanged() {
    FunctionSelection* selection = document_->selection();
    const QModelIndex current = tree_->currentIndex();
    if (!selection->hasFunction()) return;
    if (current.isValid() &&
        current.data(CallTreeModel::FunctionIdRole).toLongLong() == static_cast<qlonglong>(selection->function()))
        return; // already on a node of it
    const QModelIndex target = model_->heaviestIndexForFunction(selection->function());
    if (!target.isValid()) return;
    syncing_ = true;
    for (QModelIndex p = target.parent(); p.isValid(); p = p.parent()) tree_->expand(p);
    tree_->setCurrentIndex(target);
    showName(target);
    syncing_ = false;
}

void CallTreeView::showName(const QModelIndex& index) {
    // Deep stacks indent a name out of its column: widen the column to fit and scroll to the name.
    const uint32_t depth = model_->tree()->node(model_->nodeForIndex(index)).depth;
    const int nameLeft = static_cast<int>(depth) * tree_->indentation();
    const int need = nameLeft + tree_->fontMetrics().horizontalAdvance(index.data().toString()) + 24;
    QHeaderView* header = tree_->header();
    if (header->sectionSize(CallTreeModel::FunctionColumn) < need)
        header->resizeSection(CallTreeModel::FunctionColumn, std::min(need, 20000));
    if (!tree_->isVisible()) { // no geometry to scroll in yet: do it when shown
        pendingName_ = index;
        return;
    }
    pendingName_ = QPersistentModelIndex();
    tree_->scrollTo(index);
    QScrollBar* bar = tree_->horizontalScrollBar();
    const int visibleLeft = bar->value(), visibleRight = bar->value() + tree_->viewport()->width();
    if (nameLeft < visibleLeft || need > visibleRight) bar->setValue(std::max(0, nameLeft - 40));
}

void CallTreeView::onCurrentChanged(const QModelIndex& current) {
    if (syncing_ || !current.isValid()) return;
    const qlonglong f = current.data(CallTreeModel::FunctionIdRole).toLongLong();
    showName(current);
    if (f < 0) return; // a folded package is not a function
    document_->selection()->select(static_cast<FunctionId>(f), model_->functionPath(model_->nodeForIndex(current)));
}

std::vector<FunctionId> CallTreeView::currentStack() const {
    return model_->functionPath(model_->nodeForIndex(tree_->currentIndex()));
}

bool CallTreeView::findNext(const QString& text) {
    const QModelIndex found = model_->findNext(text, tree_->currentIndex());
    if (!found.isValid()) return false;
    for (QModelIndex p = found.parent(); p.isValid(); p = p.parent()) tree_->expand(p);
    tree_->setCurrentIndex(found);
    showName(found);
    return true;
}

void CallTreeView::showContextMenu(const QPoint& pos) {
    const QModelIndex index = tree_->indexAt(pos);
    if (!index.isValid()) return;
    const qlonglong f = index.data(CallTreeModel::FunctionIdRole).toLongLong();
    if (f < 0) return;
    QMenu menu(this);
    addFunctionActions(&menu, document_, static_cast<FunctionId>(f),
                       model_->functionPath(model_->nodeForIndex(index)));
    menu.addSeparator();
    menu.addAction(tr("Expand Hot Path"), this, [this] { expandHotPath(tree_, model_, 0.0); });
    menu.addAction(tr("Collapse All"), tree_, &QTreeView::collapseAll);
    menu.exec(tree_->viewport()->mapToGlobal(pos));
}

QByteArray CallTreeView::saveHeaderState() const { return tree_->header()->saveState(); }

void CallTreeView::restoreHeaderState(const QByteArray& state) {
    if (!state.isEmpty()) tree_->header()->restoreState(state);
}

} // namespace spyglass::ui
