#pragma once
// The sandwich view (speedscope's): one function in the middle, its callers above it (an inverted
// flamegraph growing upwards: the row over the function holds its direct callers) and its callees
// below it (an icicle graph of what it calls). Both halves are FlameGraphViews, so zoom, search,
// tooltips, keyboard and the context menu work the same; the function's outermost call counts.
#include <QWidget>
#include <memory>
#include <optional>

#include "core/model/profile.h"
#include "core/query/sample_filter.h"

class QLabel;

namespace spyglass {

class FlameGraphView;

class SandwichView : public QWidget {
    Q_OBJECT
public:
    explicit SandwichView(QWidget* parent = nullptr);

    void setProfile(std::shared_ptr<const Profile> profile);
    void setSnapshot(std::shared_ptr<const Profile> profile, const ProfileSnapshot& snapshot);
    void setFilter(const SampleFilter& filter);
    void setMyCodeOnly(bool on);
    void setAnimationsEnabled(bool on);
    void setAsyncThreshold(size_t samples);
    // Highlights matches in both halves.
    void setSearch(const QString& pattern, bool regularExpression = false);

    // The function in the middle; nullopt before one is chosen.
    void setFunction(FunctionId function);
    std::optional<FunctionId> function() const { return function_; }

    FlameGraphView* callersView() const { return callers_; }
    FlameGraphView* calleesView() const { return callees_; }

signals:
    void functionSelected(spyglass::FunctionId function);
    void focusRequested(spyglass::FunctionId function);
    void excludeRequested(spyglass::FunctionId function);

private:
    void updateTitle();

    std::shared_ptr<const Profile> profile_;
    std::optional<FunctionId> function_;
    QLabel* title_ = nullptr;
    FlameGraphView* callers_ = nullptr;
    FlameGraphView* callees_ = nullptr;
};

} // namespace spyglass
