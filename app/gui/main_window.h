#pragma once
// The desktop viewer's window: tabs for the summary, flame graph, call trees, sandwich and source,
// the timeline and thread list as docks, the filter chips above the tabs, and the menus. Opening a
// file reads it on a worker thread; the window stays usable and shows the reader's message when
// the file cannot be read.
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <memory>

#include "core/formats/profile_io.h"

class QDockWidget;
class QTabWidget;

namespace spyglass::ui {
class CallerCalleeView;
class CallTreeView;
class FilterChipsBar;
class ProfileDocument;
class ProfileLoader;
class SourceHeatView;
class SummaryView;
class ThreadListView;
class TimelineView;
} // namespace spyglass::ui

namespace spyglass::gui {

class FlamePage;
class LoadProgress;
class RecentFiles;
class SandwichPage;
class StatusFields;
struct MainWindowActions;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { SummaryPage, FlameGraphPage, TopDownPage, BottomUpPage, SandwichViewPage, SourcePage, PageCount };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ui::ProfileDocument* document() const { return document_; }
    ui::ProfileLoader* loader() const { return loader_; }
    QTabWidget* pages() const { return pages_; }
    QWidget* page(Page page) const;
    void showPage(Page page);
    Page currentPage() const;

    FlamePage* flamePage() const { return flamePage_; }
    SandwichPage* sandwichPage() const { return sandwichPage_; }
    ui::CallTreeView* topDownView() const { return topDown_; }
    ui::CallTreeView* bottomUpView() const { return bottomUp_; }
    ui::SourceHeatView* sourceView() const { return source_; }
    ui::SummaryView* summaryView() const { return summary_; }
    ui::TimelineView* timelineView() const { return timeline_; }
    ui::ThreadListView* threadListView() const { return threads_; }
    ui::FilterChipsBar* chipsBar() const { return chips_; }
    LoadProgress* loadProgress() const { return progress_; }
    StatusFields* statusFields() const { return status_; }
    RecentFiles* recentFiles() const { return recent_; }
    // The dialog of the last failed open, while it is shown.
    QMessageBox* errorDialog() const { return errorDialog_; }

    // Reads the file on a worker thread; the window shows it when done.
    void openFile(const QString& path);
    // Shows a profile made elsewhere (a live recording, a test).
    void showProfile(std::shared_ptr<Profile> profile, const QString& path = {});

    // Exports without a dialog; false (and a message dialog) on failure.
    bool exportProfile(const QString& path, FileFormat format);
    bool exportCurrentViewPng(const QString& path);

public slots:
    void openWithDialog();
    void exportWithDialog(spyglass::FileFormat format);
    void exportPngWithDialog();
    void findInCurrentView();
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void goBack();
    void copyFunctionName();
    void copyStack();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildPages();
    void buildDocks();
    void buildMenus(); // main_window_actions.cpp
    void updateActions();
    void onLoaded(std::shared_ptr<Profile> profile, const QString& path);
    void onLoadFailed(const QString& path, const QString& message);
    void showError(const QString& text, const QString& details);
    void updateTitle();
    void readSettings();
    void writeSettings() const;
    void scaleFont(int steps);

    ui::ProfileDocument* document_;
    ui::ProfileLoader* loader_;
    QTabWidget* pages_ = nullptr;
    ui::FilterChipsBar* chips_ = nullptr;
    ui::SummaryView* summary_ = nullptr;
    FlamePage* flamePage_ = nullptr;
    ui::CallTreeView* topDown_ = nullptr;
    ui::CallTreeView* bottomUp_ = nullptr;
    ui::CallerCalleeView* topDownCallers_ = nullptr;
    ui::CallerCalleeView* bottomUpCallers_ = nullptr;
    SandwichPage* sandwichPage_ = nullptr;
    ui::SourceHeatView* source_ = nullptr;
    ui::TimelineView* timeline_ = nullptr;
    ui::ThreadListView* threads_ = nullptr;
    QDockWidget* timelineDock_ = nullptr;
    QDockWidget* threadsDock_ = nullptr;
    LoadProgress* progress_ = nullptr;
    StatusFields* status_ = nullptr;
    RecentFiles* recent_ = nullptr;
    QPointer<QMessageBox> errorDialog_;
    std::unique_ptr<MainWindowActions> actions_;
    int fontSteps_ = 0;
    QString loadWarning_; // what the reader skipped in the load in flight
};

} // namespace spyglass::gui
