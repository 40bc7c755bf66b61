#include "app/gui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "app/gui/flame_page.h"
#include "app/gui/load_progress.h"
#include "app/gui/main_window_actions.h"
#include "app/gui/recent_files.h"
#include "app/gui/recording_controller.h"
#include "app/gui/sandwich_page.h"
#include "app/gui/status_fields.h"
#include "widgets/calltree/call_tree_view.h"
#include "widgets/calltree/caller_callee_view.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/profile_loader.h"
#include "widgets/filter/filter_chips_bar.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/source/source_heat_view.h"
#include "widgets/summary/summary_view.h"
#include "widgets/timeline/thread_list_view.h"
#include "widgets/timeline/timeline_view.h"

// Resources of a static library are only linked in when asked for by name, outside any namespace.
static void initSpyglassResources() { Q_INIT_RESOURCE(resources); }

namespace spyglass::gui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), document_(new ui::ProfileDocument(this)), loader_(new ui::ProfileLoader(this)),
      actions_(std::make_unique<MainWindowActions>()) {
    initSpyglassResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/spyglass.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    buildPages();
    buildDocks();
    progress_ = new LoadProgress(statusBar());
    statusBar()->addWidget(progress_);
    status_ = new StatusFields(statusBar(), document_);
    recorder_ = new RecordingController(document_, this);
    buildMenus();

    connect(progress_, &LoadProgress::cancelRequested, loader_, &ui::ProfileLoader::cancel);
    connect(loader_, &ui::ProfileLoader::progress, progress_, &LoadProgress::setProgress);
    connect(loader_, &ui::ProfileLoader::loaded, this, &MainWindow::onLoaded);
    connect(loader_, &ui::ProfileLoader::failed, this, &MainWindow::onLoadFailed);
    connect(loader_, &ui::ProfileLoader::warning, this, [this](const QString&, const QString& message) {
        loadWarning_ = message;
    });
    connect(loader_, &ui::ProfileLoader::cancelled, this, [this](const QString& path) {
        progress_->finish();
        statusBar()->showMessage(tr("Stopped loading %1").arg(QFileInfo(path).fileName()), 5000);
    });
    connect(document_->selection(), &ui::FunctionSelection::activated, this, [this] { showPage(SourcePage); });
    connect(document_, &ui::ProfileDocument::profileChanged, this, [this] {
        updateTitle();
        updateActions();
    });
    connect(document_->filters(), &ui::FilterStack::changed, this, &MainWindow::updateActions);
    readSettings();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPages() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    chips_ = new ui::FilterChipsBar(document_->filters(), central);
    layout->addWidget(chips_);
    pages_ = new QTabWidget(central);
    pages_->setDocumentMode(true);
    layout->addWidget(pages_, 1);
    setCentralWidget(central);

    summary_ = new ui::SummaryView(document_, pages_);
    flamePage_ = new FlamePage(document_, pages_);
    auto treePage = [this](bool bottomUp, ui::CallTreeView*& tree, ui::CallerCalleeView*& callers) {
        auto* split = new QSplitter(Qt::Horizontal, pages_);
        split->setObjectName(bottomUp ? QStringLiteral("bottomUpSplit") : QStringLiteral("topDownSplit"));
        tree = new ui::CallTreeView(document_, bottomUp, split);
        callers = new ui::CallerCalleeView(document_, split);
        split->addWidget(tree);
        split->addWidget(callers);
        split->setStretchFactor(0, 3);
        split->setStretchFactor(1, 2);
        split->setFocusProxy(tree);
        return split;
    };
    QWidget* topDownPage = treePage(false, topDown_, topDownCallers_);
    QWidget* bottomUpPage = treePage(true, bottomUp_, bottomUpCallers_);
    sandwichPage_ = new SandwichPage(document_, pages_);
    source_ = new ui::SourceHeatView(document_, pages_);
    pages_->addTab(summary_, tr("Summary"));
    pages_->addTab(flamePage_, tr("Flame Graph"));
    pages_->addTab(topDownPage, tr("Top-Down"));
    pages_->addTab(bottomUpPage, tr("Bottom-Up"));
    pages_->addTab(sandwichPage_, tr("Sandwich"));
    pages_->addTab(source_, tr("Source"));
    for (int i = 0; i < pages_->count(); ++i)
        pages_->setTabToolTip(i, tr("%1 (Ctrl+%2)").arg(pages_->tabText(i)).arg(i + 1));
    connect(flamePage_, &FlamePage::sandwichRequested, this, [this](FunctionId f) {
        document_->selection()->select(f);
        showPage(SandwichViewPage);
    });
}

void MainWindow::buildDocks() {
    timeline_ = new ui::TimelineView(document_);
    auto* scroll = new QScrollArea;
    scroll->setWidget(timeline_);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusProxy(timeline_);
    timelineDock_ = new QDockWidget(tr("Timeline"), this);
    timelineDock_->setObjectName(QStringLiteral("timelineDock"));
    timelineDock_->setWidget(scroll);
    addDockWidget(Qt::TopDockWidgetArea, timelineDock_);

    threads_ = new ui::ThreadListView(document_);
    threadsDock_ = new QDockWidget(tr("Threads"), this);
    threadsDock_->setObjectName(QStringLiteral("threadsDock"));
    threadsDock_->setWidget(threads_);
    addDockWidget(Qt::TopDockWidgetArea, threadsDock_);
    splitDockWidget(timelineDock_, threadsDock_, Qt::Horizontal);
    resizeDocks({timelineDock_, threadsDock_}, {900, 320}, Qt::Horizontal);
    resizeDocks({timelineDock_}, {120}, Qt::Vertical);
}

QWidget* MainWindow::page(Page p) const { return pages_->widget(p); }

void MainWindow::showPage(Page p) {
    if (p < 0 || p >= PageCount) return;
    pages_->setCurrentIndex(p);
    pages_->currentWidget()->setFocus(Qt::ShortcutFocusReason);
}

MainWindow::Page MainWindow::currentPage() const { return static_cast<Page>(pages_->currentIndex()); }

void MainWindow::openFile(const QString& path) {
    if (path.isEmpty()) return;
    // The file replaces the live profile: the recording ends first, its samples are dropped with
    // the view (they can be exported before).
    recorder_->stop();
    loadWarning_.clear();
    progress_->start(QFileInfo(path).fileName());
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    loader_->load(path);
}

void MainWindow::showProfile(std::shared_ptr<Profile> profile, const QString& path) {
    document_->setProfile(std::move(profile), path);
}

void MainWindow::onLoaded(std::shared_ptr<Profile> profile, const QString& path) {
    progress_->finish();
    showProfile(std::move(profile), path);
    recent_->add(path);
    // A reader that skipped input says so; the profile is shown all the same.
    if (!loadWarning_.isEmpty()) statusBar()->showMessage(tr("Some input was skipped: %1").arg(loadWarning_), 20000);
    else statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
}

void MainWindow::onLoadFailed(const QString& path, const QString& message) {
    progress_->finish();
    statusBar()->clearMessage();
    showError(tr("Spyglass cannot open %1.").arg(QFileInfo(path).fileName()), message);
}

void MainWindow::showError(const QString& text, const QString& details) {
    if (errorDialog_) errorDialog_->close();
    // Window-modal but not blocking: the event loop, and with it a load in flight, goes on.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Spyglass"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    errorDialog_ = box;
    box->open();
}

void MainWindow::updateTitle() {
    const QString file = document_->filePath();
    if (recorder_ && recorder_->isActive())
        setWindowTitle(tr("Recording %1 — Spyglass").arg(recorder_->targetDescription()));
    else
        setWindowTitle(document_->hasProfile() && !file.isEmpty() ? tr("%1 — Spyglass").arg(QFileInfo(file).fileName())
                                                                  : tr("Spyglass"));
    setWindowFilePath(file);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    loader_->cancel();
    recorder_->stop();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    openFile(urls.first().toLocalFile());
}

void MainWindow::readSettings() {
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("mainWindow/geometry")).toByteArray())) resize(1280, 860);
    restoreState(s.value(QStringLiteral("mainWindow/state")).toByteArray());
    pages_->setCurrentIndex(s.value(QStringLiteral("view/page"), int(SummaryPage)).toInt());
    timeline_->setMergedThreads(s.value(QStringLiteral("view/mergedThreads"), false).toBool());
    flamePage_->setIcicle(s.value(QStringLiteral("view/flameIcicle"), false).toBool());
    flamePage_->setTimeOrder(s.value(QStringLiteral("view/flameTimeOrder"), false).toBool());
    topDown_->restoreHeaderState(s.value(QStringLiteral("view/topDownHeader")).toByteArray());
    bottomUp_->restoreHeaderState(s.value(QStringLiteral("view/bottomUpHeader")).toByteArray());
    scaleFont(s.value(QStringLiteral("view/fontSteps"), 0).toInt());
}

void MainWindow::writeSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    s.setValue(QStringLiteral("mainWindow/state"), saveState());
    s.setValue(QStringLiteral("view/page"), pages_->currentIndex());
    s.setValue(QStringLiteral("view/mergedThreads"), timeline_->mergedThreads());
    s.setValue(QStringLiteral("view/flameIcicle"), flamePage_->isIcicle());
    s.setValue(QStringLiteral("view/flameTimeOrder"), flamePage_->isTimeOrder());
    s.setValue(QStringLiteral("view/topDownHeader"), topDown_->saveHeaderState());
    s.setValue(QStringLiteral("view/bottomUpHeader"), bottomUp_->saveHeaderState());
    s.setValue(QStringLiteral("view/fontSteps"), fontSteps_);
}

void MainWindow::scaleFont(int steps) {
    fontSteps_ = std::clamp(fontSteps_ + steps, -4, 12);
    if (steps == 0 && fontSteps_ == 0) return;
    QFont f = QApplication::font();
    f.setPointSizeF(std::max(5.0, f.pointSizeF() + fontSteps_));
    pages_->setFont(f);
}

} // namespace spyglass::gui
