#pragma once
// FlameGraphView: a custom-painted flamegraph / icicle graph of a profile (no widget or scene item
// per frame). Embed it anywhere; everything it needs comes through this header.
//
// Data: setProfile() (or setSnapshot() for a profile still being recorded: call it again with a
// newer snapshot and the view keeps its zoom and selection), setFilter() with the one SampleFilter
// shared by all views. Layouts of profiles above asyncThreshold() samples are computed on a worker
// thread; the old picture stays until the new one is ready (layoutReady()).
//
// Mouse: click a frame to zoom into it (clicking a row below the zoomed frame zooms out), drag to
// pan, Ctrl+wheel to zoom around the cursor, wheel to scroll rows, back/forward mouse buttons walk
// the zoom history, right click for the context menu (copy name / stack, focus, exclude, sandwich).
// Keyboard: arrows move the selection (towards the root, to the heaviest child, to the previous /
// next sibling), Enter zooms into it, Backspace or Alt+Left goes back, Alt+Right forward, Esc
// resets the zoom, Ctrl+C copies the selected frame's name.
//
// Frames narrower than foldPixels() are folded: each run of such neighbours is one gray block of
// the run's summed weight, so nothing is hidden and painting cost follows the pixels.
#include <QImage>
#include <QPointer>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/model/profile.h"
#include "core/query/sample_filter.h"
#include "widgets/flamegraph/flame_fold.h"
#include "widgets/flamegraph/flame_layout.h"
#include "widgets/flamegraph/flame_layout_builder.h"
#include "widgets/flamegraph/flame_renderer.h"

class QMenu;
class QVariantAnimation;

namespace spyglass {

struct FlameModel;
class FlameSearch;

class FlameGraphView : public QWidget {
    Q_OBJECT
public:
    enum class Orientation { Flame, Icicle }; // root at the bottom / at the top
    // What the view shows: the whole profile, or one half of a sandwich around a function.
    enum class Scope { Everything, CallersOf, CalleesOf };

    explicit FlameGraphView(QWidget* parent = nullptr);
    ~FlameGraphView() override;

    // --- data --------------------------------------------------------------------------------
    void setProfile(std::shared_ptr<const Profile> profile);
    // `snapshot` must be of `profile`; pass newer snapshots of a growing profile as they come.
    void setSnapshot(std::shared_ptr<const Profile> profile, const ProfileSnapshot& snapshot);
    void setFilter(const SampleFilter& filter);
    const SampleFilter& filter() const { return filter_; }
    void setMetric(size_t metric);
    void setScope(Scope scope, FunctionId function = 0);
    Scope scope() const { return scope_; }
    FunctionId scopeFunction() const { return scopeFunction_; }
    std::shared_ptr<const Profile> profile() const { return profile_; }

    // --- presentation ------------------------------------------------------------------------
    void setOrientation(Orientation orientation);
    Orientation orientation() const { return orientation_; }
    void setLayoutKind(FlameLayoutKind kind);
    FlameLayoutKind layoutKind() const { return options_.kind; }
    // Folds standard-library and third-party runs into one frame per package (on top of the
    // filter's own myCodeOnly).
    void setMyCodeOnly(bool on);
    bool myCodeOnly() const { return myCodeOnly_; }
    void setSplitByLine(bool on);
    void setAnimationsEnabled(bool on) { animate_ = on; }
    void setAsyncThreshold(size_t samples) { asyncThreshold_ = samples; }
    size_t asyncThreshold() const { return asyncThreshold_; }
    double foldPixels() const { return foldPx_; }
    int rowHeight() const { return rowHeight_; }

    // --- search ------------------------------------------------------------------------------
    // Highlights frames whose name matches (case-insensitive); an empty pattern clears. Returns
    // false for an invalid regular expression (searchError() says why).
    bool setSearch(const QString& pattern, bool regularExpression = false);
    QString searchPattern() const { return searchPattern_; }
    QString searchError() const;
    bool isSearchActive() const;
    // Weight of the samples with a match anywhere on their stack, each counted once.
    int64_t searchMatchedWeight() const;
    double searchMatchedShare() const; // of all samples in the layout, 0..1

    // --- zoom --------------------------------------------------------------------------------
    void zoomToNode(FlameNode node);
    void zoomToRange(double x0, double x1);
    bool canGoBack() const { return !back_.empty(); }
    bool canGoForward() const { return !forward_.empty(); }
    bool isZoomed() const;
    FlameNode zoomRoot() const { return current_.root; }
    // Weight the "of zoom" percentages refer to.
    int64_t zoomWeight() const;

    // --- selection ---------------------------------------------------------------------------
    FlameNode selectedNode() const { return selected_; }
    std::optional<FunctionId> selectedFunction() const;
    // Selects a function's widest frame without emitting functionSelected (for syncing views).
    void selectFunction(FunctionId function);
    void selectNode(FlameNode node, bool notify = true);

    // --- introspection (tests, the main window) ---------------------------------------------
    std::shared_ptr<const FlameLayout> layout() const;
    std::shared_ptr<const FlameModel> model() const { return model_; }
    bool isLayoutPending() const { return appliedGeneration_ != generation_; }
    FlameViewport viewport() const; // what is on screen now (mid-animation included)
    QRectF frameRect(FlameNode node) const;
    // The block under a widget point; nullopt over empty space.
    std::optional<FlameBlock> blockAt(QPoint pos) const;
    // The blocks a paint of the current state shows, all visible rows.
    std::vector<FlameBlock> visibleBlocks() const;
    QString tooltipTextAt(QPoint pos) const;
    QString frameName(FlameNode node) const;
    QString stackText(FlameNode node) const;
    // The context menu for a widget point (what a right click shows); the caller owns it.
    QMenu* createContextMenu(QPoint pos, QWidget* parent = nullptr);

    // --- export ------------------------------------------------------------------------------
    // The current view painted into an image (the widget's size when `size` is empty).
    QImage renderImage(QSize size = {}) const;
    bool savePng(const QString& path, QSize size = {}) const;

    QSize sizeHint() const override { return {800, 400}; }

public slots:
    void goBack();
    void goForward();
    void resetZoom();
    void zoomIn();
    void zoomOut();
    void copySelectedName();
    void copySelectedStack();

signals:
    void functionSelected(spyglass::FunctionId function); // the user picked a function's frame
    void selectionCleared();
    void focusRequested(spyglass::FunctionId function);   // context menu: focus on function
    void excludeRequested(spyglass::FunctionId function); // context menu: exclude function
    void sandwichRequested(spyglass::FunctionId function); // context menu: callers and callees
    void zoomChanged();                                    // also when the history changes
    void searchChanged(qint64 matchedWeight, qint64 totalWeight);
    void layoutReady();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct ZoomState {
        double x0 = 0, x1 = 0;
        FlameNode root;                  // invalid for a range zoom
        std::vector<uint64_t> rootPath;  // label keys root first, to find it in a new layout
    };

    void scheduleLayout(bool forgetState = false);
    void startJob();
    void jobFinished(std::shared_ptr<const FlameModel> model, uint64_t generation);
    void applyModel(std::shared_ptr<const FlameModel> model, uint64_t generation);
    void remapAfterRelayout(const FlameLayout* old);
    SampleFilter effectiveFilter() const;
    void rerunSearch();
    void setZoom(ZoomState target, bool pushHistory);
    void animateTo(double x0, double x1);
    ZoomState fullZoom() const;
    ZoomState zoomFor(FlameNode node) const;
    FlamePaintState paintState(int width, int height) const;
    void ensureVisible(FlameNode node);
    void clampScroll();
    void moveSelection(int key);
    void paintOverlay(QPainter& painter, const QRect& area) const;

    // Data and options
    std::shared_ptr<const Profile> profile_;
    ProfileSnapshot snapshot_;
    SampleFilter filter_;
    FlameLayoutOptions options_;
    Scope scope_ = Scope::Everything;
    FunctionId scopeFunction_ = 0;
    bool myCodeOnly_ = false;
    Orientation orientation_ = Orientation::Flame;
    size_t asyncThreshold_ = 200'000;

    // Layout jobs: results of older generations are dropped.
    uint64_t generation_ = 0;
    uint64_t appliedGeneration_ = 0;
    bool jobRunning_ = false;
    bool forgetState_ = true; // the next layout starts from a full view (new profile or scope)
    std::shared_ptr<const FlameModel> model_;
    std::shared_ptr<const FlameSearch> search_;
    QString searchPattern_;
    bool searchRegex_ = false;

    // View state
    ZoomState current_;
    std::vector<ZoomState> back_, forward_;
    double viewX0_ = 0, viewX1_ = 0; // displayed range; differs from current_ while animating
    double scrollPx_ = 0;
    FlameNode selected_;
    std::optional<QPoint> hoverPos_;
    bool animate_ = true;
    QVariantAnimation* animation_ = nullptr;
    double animFromX0_ = 0, animFromX1_ = 0;
    int rowHeight_ = 18;
    double foldPx_ = 3;
    QPoint pressPos_;
    double pressX0_ = 0, pressX1_ = 0, pressScroll_ = 0;
    bool dragging_ = false;
    mutable FlameRenderer renderer_;
};

} // namespace spyglass
