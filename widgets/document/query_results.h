#pragma once
// What the document computes off the GUI thread, handed to views as immutable shared objects. Each
// holds the profile alive, so a view may keep one while a newer one is computed.
#include <memory>
#include <vector>

#include "core/model/profile.h"
#include "core/query/call_tree.h"
#include "core/query/function_stats.h"
#include "core/query/profile_summary.h"
#include "core/query/sample_filter.h"
#include "widgets/document/caller_callee.h"
#include "widgets/document/thread_activity.h"

namespace spyglass::ui {

// Everything that depends on the filter: the trees and per-function totals.
struct QueryResults {
    std::shared_ptr<const Profile> profile;
    ProfileSnapshot snapshot;
    SampleFilter filter;
    size_t metric = 0;
    MetricUnit unit = MetricUnit::Samples;
    std::shared_ptr<const CallTree> topDown;
    // Built only while a bottom-up view is shown (ProfileDocument::setBottomUpWanted); else null.
    std::shared_ptr<const CallTree> bottomUp;
    FunctionStats functions;
    int64_t unfilteredWeight = 0; // of the whole snapshot, for "the filters keep N %"

    int64_t totalWeight() const { return topDown->totalWeight(); }
    const CallTree* tree(TreeKind kind) const { return (kind == TreeKind::TopDown ? topDown : bottomUp).get(); }
};

// Everything that depends on the data only: the numbers of the status bar and the timeline.
struct ProfileOverview {
    std::shared_ptr<const Profile> profile;
    ProfileSnapshot snapshot;
    ProfileSummary summary;
    ThreadActivity activity;
};

// Everything about the selected function under the filter: callers, callees and its file's lines.
struct SelectionDetails {
    std::shared_ptr<const Profile> profile;
    FunctionId function = 0;
    MetricUnit unit = MetricUnit::Samples;
    CallerCallee callerCallee;
    LineStats lines;                    // of the function's file, all functions in it
    std::vector<uint32_t> functionLines; // lines the function's own frames were recorded at
};

} // namespace spyglass::ui
