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
class QLabel;
class QTabWidget;
class QMenu;
class QToolBar;

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
class RecordingController;
struct RecordingRequest;
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
    RecordingController* recorder() const { return recorder_; }
    QToolBar* recordToolBar() const { return recordBar_; }
    // "Recording … s, N samples" while recording; empty otherwise.
    QLabel* recordingLabel() const { return recordingLabel_; }
    // The dialog of the last failed open or recording, while it is shown.
    QMessageBox* errorDialog() const { return errorDialog_; }

    // Reads the file on a worker thread; the window shows it when done.
    void openFile(const QString& path);
    // Shows a profile made elsewhere (a live recording, a test).
    void showProfile(std::shared_ptr<Profile> profile, const QString& path = {});

    // Exports without a dialog; false (and a message dialog) on failure.
    bool exportProfile(const QString& path, FileFormat format);
    bool exportCurrentViewPng(const QString& path);

    // Live recording (main_window_record.cpp): the views follow the profile as it grows. A new
    // recording replaces the profile shown; false when one is already starting or running.
    bool startRecording(const RecordingRequest& request);
    // `spyglass --demo`: the built-in demo target, launched and recorded live.
    bool recordDemo();

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
    void launchWithDialog();
    void attachWithDialog();
    void stopRecording();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildPages();
    void buildDocks();
    void buildMenus(); // main_window_actions.cpp
    void buildRecording(QMenu* menu); // main_window_record.cpp
    void updateRecordingState();
    void updateRecordingLabel();
    void onRecordingFinished(bool targetExited, const QString& exitDescription, qulonglong samples);
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
    RecordingController* recorder_ = nullptr;
    QToolBar* recordBar_ = nullptr;
    QLabel* recordingLabel_ = nullptr;
    QPointer<QMessageBox> errorDialog_;
    std::unique_ptr<MainWindowActions> actions_;
    int fontSteps_ = 0;
    QString loadWarning_; // what the reader skipped in the load in flight
};

} // namespace spyglass::gui
