// The main window's menus and keyboard: File, Edit, View, Help, and what each action does.
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>

#include "app/gui/flame_page.h"
#include "app/gui/file_formats.h"
#include "app/gui/main_window.h"
#include "app/gui/main_window_actions.h"
#include "app/gui/recent_files.h"
#include "widgets/calltree/call_tree_view.h"
#include "widgets/common/clipboard_text.h"
#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/timeline/thread_list_view.h"
#include "widgets/timeline/timeline_view.h"

namespace spyglass::gui {

void MainWindow::buildMenus() {
    MainWindowActions& a = *actions_;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    a.open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open…"), this,
                             &MainWindow::openWithDialog);
    a.open->setShortcut(QKeySequence::Open);
    a.recentMenu = file->addMenu(tr("Open &Recent"));
    recent_ = new RecentFiles(a.recentMenu, this);
    connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openFile);
    a.exportMenu = file->addMenu(tr("&Export"));
    auto addExport = [&](const QString& text, FileFormat format) {
        a.exports << a.exportMenu->addAction(text, this, [this, format] { exportWithDialog(format); });
    };
    addExport(tr("Flame Graph as &SVG…"), FileFormat::Svg);
    addExport(tr("Speedscope &JSON…"), FileFormat::Speedscope);
    addExport(tr("&Collapsed Stacks…"), FileFormat::Collapsed);
    addExport(tr("Spyglass &Profile…"), FileFormat::Spyglass);
    a.exportMenu->addSeparator();
    a.exports << a.exportMenu->addAction(tr("Current View as P&NG…"), this, &MainWindow::exportPngWithDialog);
    a.exports.last()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    buildRecording(menuBar()->addMenu(tr("&Record")));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    a.copyName = edit->addAction(tr("Copy Function &Name"), this, &MainWindow::copyFunctionName);
    a.copyName->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    a.copyStack = edit->addAction(tr("Copy &Stack"), this, &MainWindow::copyStack);
    a.copyStack->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    edit->addSeparator();
    a.find = edit->addAction(tr("&Find…"), this, &MainWindow::findInCurrentView);
    a.find->setShortcut(QKeySequence::Find);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < pages_->count(); ++i) {
        QAction* page = view->addAction(pages_->tabText(i), this, [this, i] { showPage(static_cast<Page>(i)); });
        page->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        a.pages << page;
    }
    a.showTimeline = view->addAction(tr("Timeline"), this, [this] {
        timelineDock_->show();
        timelineDock_->raise();
        timeline_->setFocus(Qt::ShortcutFocusReason);
    });
    a.showTimeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + pages_->count())));
    a.showThreads = view->addAction(tr("Threads"), this, [this] {
        threadsDock_->show();
        threadsDock_->raise();
        threads_->setFocus(Qt::ShortcutFocusReason);
    });
    a.showThreads->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_2 + pages_->count())));
    view->addSeparator();
    a.zoomIn = view->addAction(tr("Zoom &In"), this, &MainWindow::zoomIn);
    a.zoomIn->setShortcuts(QKeySequence::ZoomIn);
    a.zoomOut = view->addAction(tr("Zoom &Out"), this, &MainWindow::zoomOut);
    a.zoomOut->setShortcuts(QKeySequence::ZoomOut);
    a.zoomReset = view->addAction(tr("&Reset Zoom"), this, &MainWindow::resetZoom);
    a.zoomReset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    a.back = view->addAction(tr("&Back"), this, &MainWindow::goBack);
    a.back->setShortcuts(QKeySequence::Back);
    view->addSeparator();
    a.mergeThreads = view->addAction(tr("&Merge Threads in Timeline"));
    a.mergeThreads->setCheckable(true);
    a.mergeThreads->setChecked(timeline_->mergedThreads());
    connect(a.mergeThreads, &QAction::toggled, timeline_, &ui::TimelineView::setMergedThreads);
    connect(timeline_, &ui::TimelineView::mergedThreadsChanged, a.mergeThreads, &QAction::setChecked);
    view->addAction(timelineDock_->toggleViewAction());
    view->addAction(threadsDock_->toggleViewAction());
    a.metricMenu = view->addMenu(tr("&Metric"));
    a.metricGroup = new QActionGroup(this);

    QMenu* filter = menuBar()->addMenu(tr("F&ilter"));
    a.myCodeOnly = filter->addAction(tr("&My Code Only"));
    a.myCodeOnly->setCheckable(true);
    a.myCodeOnly->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    a.myCodeOnly->setToolTip(tr("Fold the standard library and site-packages into one frame per package"));
    connect(a.myCodeOnly, &QAction::toggled, document_->filters(), &ui::FilterStack::setMyCodeOnly);
    a.hideIdle = filter->addAction(tr("Hide &Idle Samples"));
    a.hideIdle->setCheckable(true);
    a.hideIdle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(a.hideIdle, &QAction::toggled, document_->filters(), &ui::FilterStack::setHideIdle);
    filter->addSeparator();
    a.popFilter = filter->addAction(tr("&Remove Last Filter"), this, [this] {
        // Esc first undoes a flame graph zoom, like the flame graph's own Esc.
        if (currentPage() == FlameGraphPage && flamePage_->view()->isZoomed()) flamePage_->view()->resetZoom();
        else document_->filters()->pop();
    });
    a.popFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    a.clearFilters = filter->addAction(tr("&Clear All Filters"), document_->filters(), &ui::FilterStack::clear);
    a.clearFilters->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Spyglass"), this, [this] {
        QMessageBox::about(this, tr("About Spyglass"),
                           tr("<h3>Spyglass %1</h3><p>A profiler for Python: sampling from outside the "
                              "process, with flame graphs, call trees, source heat and timelines.</p>")
                               .arg(QStringLiteral(SPYGLASS_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(document_, &ui::ProfileDocument::profileChanged, this, [this] {
        MainWindowActions& a = *actions_;
        a.metricMenu->clear();
        for (QAction* old : a.metricGroup->actions()) a.metricGroup->removeAction(old);
        const Profile* p = document_->profile();
        if (!p) return;
        for (size_t m = 0; m < p->metrics().size(); ++m) {
            QAction* act = a.metricMenu->addAction(QString::fromStdString(p->metrics()[m].name));
            act->setCheckable(true);
            act->setChecked(m == document_->metric());
            a.metricGroup->addAction(act);
            connect(act, &QAction::triggered, this, [this, m] { document_->setMetric(m); });
        }
    });
}

void MainWindow::updateActions() {
    const MainWindowActions& a = *actions_;
    if (!a.open) return;
    const bool loaded = document_->hasProfile();
    for (QAction* e : a.exports) e->setEnabled(loaded);
    a.exportMenu->setEnabled(loaded);
    a.copyName->setEnabled(loaded);
    a.copyStack->setEnabled(loaded);
    a.metricMenu->setEnabled(loaded && document_->profile()->metrics().size() > 1);
    const ui::FilterStack* filters = document_->filters();
    a.clearFilters->setEnabled(!filters->isEmpty());
    // The toggles follow the stack, which chips and Esc change too.
    const QSignalBlocker b1(a.myCodeOnly), b2(a.hideIdle);
    a.myCodeOnly->setChecked(filters->myCodeOnly());
    a.hideIdle->setChecked(filters->hideIdle());
}

void MainWindow::openWithDialog() {
    QSettings s;
    const QString dir = s.value(QStringLiteral("lastOpenDir")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Profile"), dir, openFileFilters());
    if (path.isEmpty()) return;
    s.setValue(QStringLiteral("lastOpenDir"), QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::findInCurrentView() {
    QLineEdit* edit = nullptr;
    switch (currentPage()) {
    case FlameGraphPage: edit = flamePage_->searchEdit(); break;
    case BottomUpPage: edit = bottomUp_->findEdit(); break;
    case TopDownPage: edit = topDown_->findEdit(); break;
    default:
        showPage(TopDownPage);
        edit = topDown_->findEdit();
    }
    edit->setFocus(Qt::ShortcutFocusReason);
    edit->selectAll();
}

void MainWindow::zoomIn() {
    if (currentPage() == FlameGraphPage) flamePage_->view()->zoomIn();
    else scaleFont(1);
}

void MainWindow::zoomOut() {
    if (currentPage() == FlameGraphPage) flamePage_->view()->zoomOut();
    else scaleFont(-1);
}

void MainWindow::resetZoom() {
    if (currentPage() == FlameGraphPage) flamePage_->view()->resetZoom();
    else scaleFont(-fontSteps_);
}

void MainWindow::goBack() {
    if (currentPage() == FlameGraphPage && flamePage_->view()->canGoBack()) flamePage_->view()->goBack();
    else document_->filters()->pop();
}

void MainWindow::copyFunctionName() {
    if (currentPage() == FlameGraphPage && flamePage_->view()->selectedFunction()) {
        flamePage_->view()->copySelectedName();
        return;
    }
    const ui::FunctionSelection* sel = document_->selection();
    if (document_->hasProfile() && sel->hasFunction())
        ui::copyToClipboard(ui::functionLabel(*document_->profile(), sel->function()));
}

void MainWindow::copyStack() {
    if (currentPage() == FlameGraphPage && flamePage_->view()->selectedFunction()) {
        flamePage_->view()->copySelectedStack();
        return;
    }
    const ui::FunctionSelection* sel = document_->selection();
    if (!document_->hasProfile() || !sel->hasFunction()) return;
    std::vector<FunctionId> stack = sel->stack();
    if (currentPage() == TopDownPage) stack = topDown_->currentStack();
    else if (currentPage() == BottomUpPage) stack = bottomUp_->currentStack();
    if (stack.empty()) stack = {sel->function()};
    ui::copyToClipboard(ui::stackText(*document_->profile(), stack));
}

} // namespace spyglass::gui
