#pragma once
// One open profile and what the views show of it. Owns the profile (shared with the queries in
// flight), the filter stack and the selected function. Every query runs on a worker thread; a
// newer request supersedes an older one, and only the newest result is published, so the GUI
// never waits and never shows a stale result over a fresh one.
//
// The profile may grow while it is shown (live recording): the writer appends samples and then
// calls samplesAppended(), which recomputes at most a few times a second.
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

#include "widgets/document/query_results.h"
#include "widgets/filter/filter_stack.h"
#include "widgets/filter/function_selection.h"

namespace spyglass::ui {

class ProfileDocument : public QObject {
    Q_OBJECT
public:
    explicit ProfileDocument(QObject* parent = nullptr);
    ~ProfileDocument() override;

    // Replaces the profile; filters and selection start empty. An empty path is fine (live data).
    void setProfile(std::shared_ptr<Profile> profile, const QString& filePath = {});
    void clear();
    bool hasProfile() const { return profile_ != nullptr; }
    const Profile* profile() const { return profile_.get(); }
    std::shared_ptr<Profile> sharedProfile() const { return profile_; }
    QString filePath() const { return filePath_; }
    ProfileSnapshot snapshot() const;

    FilterStack* filters() const { return filters_; }
    FunctionSelection* selection() const { return selection_; }

    size_t metric() const { return metric_; }
    void setMetric(size_t metric);

    // The bottom-up tree costs as much as the top-down one: views that show it say so while they
    // are shown (counted; true adds one, false removes one), and only then is it built.
    void setBottomUpWanted(bool wanted);

    // The newest results; null until the first computation after setProfile finishes.
    std::shared_ptr<const QueryResults> results() const { return results_; }
    std::shared_ptr<const ProfileOverview> overview() const { return overview_; }
    std::shared_ptr<const SelectionDetails> selectionDetails() const { return details_; }

    bool isBusy() const { return pending_ > 0; }
    // Blocks until the queries in flight are done and published (tests, export).
    void waitForIdle();

public slots:
    // The writer appended samples; recompute soon, coalescing bursts.
    void samplesAppended();

signals:
    void profileChanged();
    void resultsReady();
    void overviewReady();
    void selectionDetailsReady();
    void busyChanged(bool busy);

private:
    struct Channel {
        std::shared_ptr<std::atomic<uint64_t>> latest = std::make_shared<std::atomic<uint64_t>>(0);
    };
    template <typename T>
    void run(Channel& channel, std::function<std::shared_ptr<T>()> compute,
             std::function<void(std::shared_ptr<T>)> publish);
    void recomputeResults();
    void recomputeOverview();
    void recomputeSelection();
    void completeBottomUp();
    void finishOne();

    std::shared_ptr<Profile> profile_;
    QString filePath_;
    FilterStack* filters_;
    FunctionSelection* selection_;
    size_t metric_ = 0;
    std::shared_ptr<const QueryResults> results_;
    std::shared_ptr<const ProfileOverview> overview_;
    std::shared_ptr<const SelectionDetails> details_;
    Channel resultsChannel_, overviewChannel_, selectionChannel_, bottomUpChannel_;
    int bottomUpWanted_ = 0;
    int pending_ = 0;
    bool resetting_ = false;
    QTimer appendTimer_;
    QThreadPool pool_;
};

} // namespace spyglass::ui
