#include "widgets/timeline/thread_list_view.h"

#include <QHeaderView>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/models/thread_list_model.h"

namespace spyglass::ui {

ThreadListView::ThreadListView(ProfileDocument* document, QWidget* parent)
    : QTreeView(parent), document_(document), model_(new ThreadListModel(this)) {
    setObjectName(QStringLiteral("threadList"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setModel(model_);
    header()->resizeSection(ThreadListModel::NameColumn, 150);
    header()->resizeSection(ThreadListModel::IdColumn, 70);
    header()->resizeSection(ThreadListModel::SamplesColumn, 80);
    connect(document_, &ProfileDocument::overviewReady, this, [this] { model_->setOverview(document_->overview()); });
    connect(document_, &ProfileDocument::profileChanged, this, [this] { model_->setOverview(nullptr); });
    connect(document_->filters(), &FilterStack::changed, this,
            [this] { model_->setChosen(document_->filters()->threads()); });
    connect(model_, &ThreadListModel::chosenEdited, this, [this](const QList<quint32>& threads) {
        if (threads.isEmpty()) {
            document_->filters()->removeKind(FilterEntry::Kind::Threads);
            return;
        }
        const Profile* p = document_->profile();
        QStringList names;
        std::vector<ThreadIndex> chosen;
        for (quint32 t : threads) {
            chosen.push_back(t);
            names << threadLabel(*p, t);
        }
        document_->filters()->pushThreads(std::move(chosen), names.size() > 3 ? tr("%1 threads").arg(names.size())
                                                                               : names.join(QStringLiteral(", ")));
    });
}

} // namespace spyglass::ui
