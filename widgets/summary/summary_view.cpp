#include "widgets/summary/summary_view.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/calltree/function_menu.h"
#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/models/function_list_model.h"

namespace spyglass::ui {

SummaryView::SummaryView(ProfileDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), functions_(new FunctionListModel(this)) {
    auto* layout = new QVBoxLayout(this);
    facts_ = new QLabel(this);
    facts_->setTextFormat(Qt::RichText);
    facts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    facts_->setWordWrap(true);
    layout->addWidget(facts_);
    auto* heading = new QLabel(tr("<b>Heaviest functions</b> (by own samples; click a header to sort)"), this);
    layout->addWidget(heading);
    functionsView_ = new QTreeView(this);
    functionsView_->setObjectName(QStringLiteral("heaviestFunctions"));
    functionsView_->setRootIsDecorated(false);
    functionsView_->setUniformRowHeights(true);
    functionsView_->setAlternatingRowColors(true);
    functionsView_->setModel(functions_);
    functionsView_->header()->setSortIndicator(FunctionListModel::SelfColumn, Qt::DescendingOrder);
    functionsView_->setSortingEnabled(true);
    functionsView_->header()->resizeSection(FunctionListModel::FunctionColumn, 320);
    for (int c = FunctionListModel::SelfColumn; c <= FunctionListModel::TotalPercentColumn; ++c)
        functionsView_->header()->resizeSection(c, 80);
    functionsView_->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(functionsView_, 1);
    setFocusProxy(functionsView_);

    connect(functionsView_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        document_->selection()->activate(functions_->functionAt(index.row()));
    });
    connect(functionsView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!syncing_ && current.isValid()) document_->selection()->select(functions_->functionAt(current.row()));
            });
    // The list shows the shared selection too, so focusing it does not pick its first row instead.
    connect(document_->selection(), &FunctionSelection::changed, this, &SummaryView::showSelection);
    connect(functionsView_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = functionsView_->indexAt(pos);
        if (!index.isValid()) return;
        QMenu menu(this);
        addFunctionActions(&menu, document_, functions_->functionAt(index.row()), {});
        menu.exec(functionsView_->viewport()->mapToGlobal(pos));
    });
    connect(document_, &ProfileDocument::resultsReady, this, &SummaryView::refresh);
    connect(document_, &ProfileDocument::overviewReady, this, &SummaryView::refresh);
    connect(document_, &ProfileDocument::profileChanged, this, &SummaryView::refresh);
    refresh();
}

QString SummaryView::summaryText() const { return facts_->text(); }

void SummaryView::refresh() {
    const auto overview = document_->overview();
    const auto results = document_->results();
    if (!document_->hasProfile()) {
        facts_->setText(tr("<h2>No profile open</h2><p>Open a profile with File ▸ Open (Ctrl+O), drop a file on "
                           "this window, or start Spyglass with a file name.</p>"));
        functions_->clear();
        return;
    }
    const Profile& p = *document_->profile();
    const ProfileMetadata meta = p.metadata();
    QString rows;
    auto row = [&rows](const QString& name, const QString& value) {
        if (!value.isEmpty())
            rows += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
    };
    const QString file = document_->filePath();
    row(tr("File"), file.isEmpty() ? tr("(live recording)") : QFileInfo(file).fileName());
    row(tr("Format"), QString::fromStdString(meta.sourceFormat));
    row(tr("Recorded by"), QString::fromStdString(meta.toolVersion));
    row(tr("Command"), QString::fromStdString(meta.commandLine));
    row(tr("Python"), QString::fromStdString(meta.pythonVersion));
    if (overview) {
        const ProfileSummary& s = overview->summary;
        if (p.metrics()[0].unit == MetricUnit::Samples && s.totalWeight != int64_t(s.samples))
            row(tr("Samples"), tr("%1 (in %2 records)")
                                   .arg(QLocale().toString(static_cast<qlonglong>(s.totalWeight)),
                                        QLocale().toString(static_cast<qulonglong>(s.samples))));
        else
            row(tr("Samples"), QLocale().toString(static_cast<qulonglong>(s.samples)));
        row(tr("Duration"), overview->activity.hasTime() && s.durationNs > 0 ? formatDuration(s.durationNs)
                                                                              : tr("not recorded"));
        row(tr("Threads"), QString::number(overview->snapshot.threads));
        if (s.samples) row(tr("Idle samples"), formatPercent(int64_t(s.idleSamples), int64_t(s.samples)));
        row(tr("Functions"), QLocale().toString(static_cast<qulonglong>(overview->snapshot.functions)));
    }
    if (results && results->filter != SampleFilter{})
        row(tr("Filters keep"), tr("%1 of the weight").arg(formatPercent(results->totalWeight(), results->unfilteredWeight)));
    facts_->setText(QStringLiteral("<h2>%1</h2><table>%2</table>")
                        .arg(tr("Profile summary"), rows));
    if (results) {
        std::vector<FunctionRow> rowsOut;
        rowsOut.reserve(results->functions.functions.size());
        for (const FunctionStat& f : results->functions.functions) rowsOut.push_back({f.function, f.self, f.total});
        functions_->setRows(results->profile, std::move(rowsOut), results->totalWeight(), results->unit);
        showSelection();
    }
}

void SummaryView::showSelection() {
    const FunctionSelection* selection = document_->selection();
    const int row = selection->hasFunction() ? functions_->rowOf(selection->function()) : -1;
    if (row < 0 || functionsView_->currentIndex().row() == row) return;
    syncing_ = true;
    functionsView_->setCurrentIndex(functions_->index(row, 0));
    syncing_ = false;
}

} // namespace spyglass::ui
