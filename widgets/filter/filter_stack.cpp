#include "widgets/filter/filter_stack.h"

#include <algorithm>

#include "widgets/common/formatting.h"

namespace spyglass::ui {

FilterStack::FilterStack(QObject* parent) : QObject(parent) {}

std::optional<TimeRange> FilterStack::timeRange() const {
    if (!filter_.hasTimeRange()) return std::nullopt;
    return TimeRange{filter_.timeBegin, filter_.timeEnd};
}

std::vector<ThreadIndex> FilterStack::threads() const { return filter_.threads; }

void FilterStack::push(FilterEntry entry) {
    entries_.push_back(std::move(entry));
    rebuild();
}

void FilterStack::pushTimeRange(int64_t begin, int64_t end) {
    if (end < begin) std::swap(begin, end);
    FilterEntry e;
    e.kind = FilterEntry::Kind::TimeRange;
    e.begin = begin;
    e.end = end;
    e.label = tr("Time %1 – %2").arg(formatDuration(begin), formatDuration(end));
    push(std::move(e));
}

void FilterStack::pushThreads(std::vector<ThreadIndex> threads, const QString& names) {
    FilterEntry e;
    e.kind = FilterEntry::Kind::Threads;
    std::sort(threads.begin(), threads.end());
    threads.erase(std::unique(threads.begin(), threads.end()), threads.end());
    e.threads = std::move(threads);
    e.label = tr("Threads: %1").arg(names);
    push(std::move(e));
}

void FilterStack::pushFocus(FunctionId function, const QString& name) {
    FilterEntry e;
    e.kind = FilterEntry::Kind::Focus;
    e.function = function;
    e.label = tr("Focus: %1").arg(name);
    push(std::move(e));
}

void FilterStack::pushExcludeFunction(FunctionId function, const QString& name) {
    FilterEntry e;
    e.kind = FilterEntry::Kind::ExcludeFunction;
    e.function = function;
    e.label = tr("Without %1").arg(name);
    push(std::move(e));
}

void FilterStack::pushExcludePackage(StringId package, const QString& name) {
    FilterEntry e;
    e.kind = FilterEntry::Kind::ExcludePackage;
    e.package = package;
    e.label = tr("Without package %1").arg(name);
    push(std::move(e));
}

void FilterStack::setMyCodeOnly(bool on) { setToggle(FilterEntry::Kind::MyCodeOnly, on, tr("My code only")); }

void FilterStack::setHideIdle(bool on) { setToggle(FilterEntry::Kind::HideIdle, on, tr("Without idle")); }

void FilterStack::setToggle(FilterEntry::Kind kind, bool on, const QString& label) {
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const FilterEntry& e) { return e.kind == kind; });
    if (on == (it != entries_.end())) return;
    if (on) {
        FilterEntry e;
        e.kind = kind;
        e.label = label;
        entries_.push_back(std::move(e));
    } else {
        entries_.erase(it);
    }
    rebuild();
}

void FilterStack::removeKind(FilterEntry::Kind kind) {
    const auto removed = std::remove_if(entries_.begin(), entries_.end(),
                                        [&](const FilterEntry& e) { return e.kind == kind; });
    if (removed == entries_.end()) return;
    entries_.erase(removed, entries_.end());
    rebuild();
}

bool FilterStack::pop() {
    if (entries_.empty()) return false;
    entries_.pop_back();
    rebuild();
    return true;
}

void FilterStack::removeAt(int index) {
    if (index < 0 || index >= static_cast<int>(entries_.size())) return;
    entries_.erase(entries_.begin() + index);
    rebuild();
}

void FilterStack::clear() {
    if (entries_.empty()) return;
    entries_.clear();
    rebuild();
}

void FilterStack::rebuild() {
    SampleFilter f;
    for (const FilterEntry& e : entries_) {
        switch (e.kind) {
        case FilterEntry::Kind::TimeRange:
            f.timeBegin = e.begin;
            f.timeEnd = e.end;
            break;
        case FilterEntry::Kind::Threads: f.threads = e.threads; break;
        case FilterEntry::Kind::Focus: f.focus = {e.function}; break;
        case FilterEntry::Kind::ExcludeFunction: f.excluded.push_back(e.function); break;
        case FilterEntry::Kind::ExcludePackage: f.excludedPackages.push_back(e.package); break;
        case FilterEntry::Kind::MyCodeOnly: f.myCodeOnly = true; break;
        case FilterEntry::Kind::HideIdle: f.includeIdle = false; break;
        }
    }
    filter_ = std::move(f);
    emit changed();
}

} // namespace spyglass::ui
