#include "widgets/calltree/caller_callee_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/calltree/function_menu.h"
#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/models/function_list_model.h"

namespace spyglass::ui {

CallerCalleeView::CallerCalleeView(ProfileDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), callers_(new FunctionListModel(this)),
      callees_(new FunctionListModel(this)) {
    callers_->setFunctionHeader(tr("Caller"));
    callees_->setFunctionHeader(tr("Callee"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title_);
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* callersBox = new QWidget(split);
    auto* callersLayout = new QVBoxLayout(callersBox);
    callersLayout->setContentsMargins(0, 0, 0, 0);
    callersLayout->addWidget(new QLabel(tr("Called from:"), callersBox));
    callersView_ = makeList(callers_, QStringLiteral("callersList"));
    callersLayout->addWidget(callersView_);
    auto* calleesBox = new QWidget(split);
    auto* calleesLayout = new QVBoxLayout(calleesBox);
    calleesLayout->setContentsMargins(0, 0, 0, 0);
    calleesLayout->addWidget(new QLabel(tr("Calls:"), calleesBox));
    calleesView_ = makeList(callees_, QStringLiteral("calleesList"));
    calleesLayout->addWidget(calleesView_);
    split->addWidget(callersBox);
    split->addWidget(calleesBox);
    layout->addWidget(split, 1);
    setFocusProxy(callersView_);
    connect(document_, &ProfileDocument::selectionDetailsReady, this, &CallerCalleeView::onDetails);
    onDetails();
}

QTreeView* CallerCalleeView::makeList(FunctionListModel* model, const QString& name) {
    auto* view = new QTreeView(this);
    view->setObjectName(name);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setModel(model);
    view->header()->setSortIndicator(FunctionListModel::TotalColumn, Qt::DescendingOrder);
    view->setSortingEnabled(true);
    view->header()->resizeSection(FunctionListModel::FunctionColumn, 260);
    for (int c = FunctionListModel::SelfColumn; c <= FunctionListModel::TotalPercentColumn; ++c)
        view->header()->resizeSection(c, 72);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QTreeView::activated, this, [this, model](const QModelIndex& index) {
        document_->selection()->select(model->functionAt(index.row()));
    });
    connect(view, &QWidget::customContextMenuRequested, this, [this, view, model](const QPoint& pos) {
        const QModelIndex index = view->indexAt(pos);
        if (!index.isValid()) return;
        QMenu menu(this);
        addFunctionActions(&menu, document_, model->functionAt(index.row()), {});
        menu.exec(view->viewport()->mapToGlobal(pos));
    });
    return view;
}

void CallerCalleeView::onDetails() {
    const auto details = document_->selectionDetails();
    if (!details) {
        callers_->clear();
        callees_->clear();
        title_->setText(tr("Select a function to see its callers and callees."));
        return;
    }
    const CallerCallee& cc = details->callerCallee;
    const Profile& p = *details->profile;
    title_->setText(tr("<b>%1</b> — own %2 (%3), total %4 (%5)")
                        .arg(functionLabel(p, cc.function).toHtmlEscaped(),
                             formatWeight(cc.self, details->unit), formatPercent(cc.self, cc.totalWeight),
                             formatWeight(cc.total, details->unit), formatPercent(cc.total, cc.totalWeight)));
    callers_->setRows(details->profile, cc.callers, cc.totalWeight, details->unit);
    callees_->setRows(details->profile, cc.callees, cc.totalWeight, details->unit);
}

} // namespace spyglass::ui
