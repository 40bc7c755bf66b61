#pragma once
// The one filter state every view obeys, as a stack like hotspot's FilterAndZoomStack: each user
// action pushes an entry, Esc pops the last, a chip removes any one. The entries fold into one core
// SampleFilter. For time ranges, threads and focus the newest entry wins (so a new drag on the
// timeline replaces the range, and popping it brings the previous one back); exclusions add up.
#include <QObject>
#include <QString>
#include <optional>
#include <vector>

#include "core/query/sample_filter.h"

namespace spyglass::ui {

struct FilterEntry {
    enum class Kind { TimeRange, Threads, Focus, ExcludeFunction, ExcludePackage, MyCodeOnly, HideIdle };
    Kind kind = Kind::TimeRange;
    int64_t begin = 0, end = 0;       // TimeRange, [begin, end)
    std::vector<ThreadIndex> threads; // Threads
    FunctionId function = 0;          // Focus, ExcludeFunction
    StringId package = 0;             // ExcludePackage
    QString label;                    // what its chip says
};

struct TimeRange {
    int64_t begin = 0, end = 0;
};

class FilterStack : public QObject {
    Q_OBJECT
public:
    explicit FilterStack(QObject* parent = nullptr);

    const std::vector<FilterEntry>& entries() const { return entries_; }
    bool isEmpty() const { return entries_.empty(); }
    const SampleFilter& sampleFilter() const { return filter_; }

    // The newest entry of each kind, where there is one.
    std::optional<TimeRange> timeRange() const;
    std::vector<ThreadIndex> threads() const;
    bool myCodeOnly() const { return filter_.myCodeOnly; }
    bool hideIdle() const { return !filter_.includeIdle; }

    void push(FilterEntry entry);
    void pushTimeRange(int64_t begin, int64_t end);
    void pushThreads(std::vector<ThreadIndex> threads, const QString& names);
    void pushFocus(FunctionId function, const QString& name);
    void pushExcludeFunction(FunctionId function, const QString& name);
    void pushExcludePackage(StringId package, const QString& name);
    // Toggles: on pushes an entry, off removes it wherever it is in the stack.
    void setMyCodeOnly(bool on);
    void setHideIdle(bool on);

    // Removes every entry of a kind (e.g. "all threads" drops the thread filters).
    void removeKind(FilterEntry::Kind kind);
    bool pop(); // false when there was nothing to pop
    void removeAt(int index);
    void clear();

signals:
    void changed();

private:
    void setToggle(FilterEntry::Kind kind, bool on, const QString& label);
    void rebuild();

    std::vector<FilterEntry> entries_;
    SampleFilter filter_;
};

} // namespace spyglass::ui
