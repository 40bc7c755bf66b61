#include "widgets/document/profile_document.h"

#include <QCoreApplication>
#include <algorithm>

#include "core/query/shared_call_tree.h"
#include "core/query/weighted_stacks.h"
#include "widgets/document/tree_function_stats.h"

namespace spyglass::ui {

namespace {

// Live recording appends continuously; views refresh at most this often.
constexpr int kAppendCoalesceMs = 250;

int64_t unfilteredWeight(const ProfileSnapshot& snap, size_t metric) {
    int64_t sum = 0;
    for (int64_t w : weightPerStack(snap, SampleFilter{}, metric)) sum += w;
    return sum;
}

} // namespace

ProfileDocument::ProfileDocument(QObject* parent)
    : QObject(parent), filters_(new FilterStack(this)), selection_(new FunctionSelection(this)) {
    // One worker: requests queue up and the superseded ones return at once, so a burst of filter
    // changes costs one computation, and the other core stays free for the GUI.
    pool_.setMaxThreadCount(1);
    appendTimer_.setSingleShot(true);
    appendTimer_.setInterval(kAppendCoalesceMs);
    connect(&appendTimer_, &QTimer::timeout, this, [this] {
        recomputeOverview();
        recomputeResults();
        recomputeSelection();
    });
    connect(filters_, &FilterStack::changed, this, [this] {
        if (resetting_) return;
        recomputeResults();
        recomputeSelection();
    });
    connect(selection_, &FunctionSelection::changed, this, [this] {
        if (!resetting_) recomputeSelection();
    });
}

ProfileDocument::~ProfileDocument() {
    for (Channel* c : {&resultsChannel_, &overviewChannel_, &selectionChannel_, &bottomUpChannel_}) ++*c->latest;
    pool_.clear();
    pool_.waitForDone();
}

void ProfileDocument::setProfile(std::shared_ptr<Profile> profile, const QString& filePath) {
    for (Channel* c : {&resultsChannel_, &overviewChannel_, &selectionChannel_, &bottomUpChannel_}) ++*c->latest;
    appendTimer_.stop();
    profile_ = std::move(profile);
    filePath_ = filePath;
    metric_ = 0;
    results_.reset();
    overview_.reset();
    details_.reset();
    // Clearing filters and selection tells their views, but must not start queries of its own.
    resetting_ = true;
    filters_->clear();
    selection_->clear();
    resetting_ = false;
    emit profileChanged();
    recomputeOverview();
    recomputeResults();
}

void ProfileDocument::clear() { setProfile(nullptr); }

ProfileSnapshot ProfileDocument::snapshot() const {
    return profile_ ? ProfileSnapshot::of(*profile_) : ProfileSnapshot{};
}

void ProfileDocument::setMetric(size_t metric) {
    if (!profile_ || metric >= profile_->metrics().size() || metric == metric_) return;
    metric_ = metric;
    recomputeResults();
    recomputeSelection();
}

void ProfileDocument::setBottomUpWanted(bool wanted) {
    bottomUpWanted_ += wanted ? 1 : -1;
    if (wanted) completeBottomUp();
}

void ProfileDocument::completeBottomUp() {
    if (bottomUpWanted_ <= 0 || !results_ || results_->bottomUp) return;
    // Complete the shown results with the bottom-up tree; a newer full result makes this moot.
    std::shared_ptr<const QueryResults> base = results_;
    run<QueryResults>(
        bottomUpChannel_,
        [base] {
            auto r = std::make_shared<QueryResults>(*base);
            r->bottomUp = std::make_shared<CallTree>(
                buildCallTree(base->snapshot, base->filter, TreeKind::BottomUp, TreeOptions{base->metric, false}));
            return r;
        },
        [this, base](std::shared_ptr<QueryResults> r) {
            if (results_ != base) return;
            results_ = std::move(r);
            emit resultsReady();
        });
}

void ProfileDocument::samplesAppended() {
    if (profile_ && !appendTimer_.isActive()) appendTimer_.start();
}

void ProfileDocument::waitForIdle() {
    while (pending_ > 0) {
        pool_.waitForDone();
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
}

template <typename T>
void ProfileDocument::run(Channel& channel, std::function<std::shared_ptr<T>()> compute,
                          std::function<void(std::shared_ptr<T>)> publish) {
    const uint64_t generation = ++*channel.latest;
    auto latest = channel.latest;
    if (pending_++ == 0) emit busyChanged(true);
    pool_.start([this, latest, generation, compute = std::move(compute), publish = std::move(publish)] {
        std::shared_ptr<T> result;
        if (latest->load() == generation) result = compute();
        // Queued to this object: if it is gone by then, the call is dropped with it.
        QMetaObject::invokeMethod(
            this,
            [this, latest, generation, result = std::move(result), publish] {
                if (result && latest->load() == generation) publish(result);
                finishOne();
            },
            Qt::QueuedConnection);
    });
}

void ProfileDocument::finishOne() {
    if (--pending_ == 0) emit busyChanged(false);
}

void ProfileDocument::recomputeResults() {
    if (!profile_) return;
    std::shared_ptr<const Profile> profile = profile_;
    const ProfileSnapshot snap = snapshot();
    const SampleFilter filter = filters_->sampleFilter();
    const size_t metric = metric_;
    const bool withBottomUp = bottomUpWanted_ > 0;
    run<QueryResults>(
        resultsChannel_,
        [=] {
            auto r = std::make_shared<QueryResults>();
            r->profile = profile;
            r->snapshot = snap;
            r->filter = filter;
            r->metric = metric;
            r->unit = profile->metrics()[metric].unit;
            const TreeOptions options{metric, false};
            // The flamegraph asks for this very tree at the same time: built once, shared.
            std::shared_ptr<const CallTree> topDown = sharedCallTree(profile, snap, filter, TreeKind::TopDown, options);
            r->functions = functionStatsFromTree(*profile, *topDown, snap.functions);
            r->topDown = std::move(topDown);
            if (withBottomUp)
                r->bottomUp = std::make_shared<CallTree>(buildCallTree(snap, filter, TreeKind::BottomUp, options));
            r->unfilteredWeight =
                filter == SampleFilter{} ? r->topDown->totalWeight() : unfilteredWeight(snap, metric);
            return r;
        },
        [this](std::shared_ptr<QueryResults> r) {
            results_ = std::move(r);
            emit resultsReady();
            completeBottomUp(); // a bottom-up view appeared while this was computed without it
        });
}

void ProfileDocument::recomputeOverview() {
    if (!profile_) return;
    std::shared_ptr<const Profile> profile = profile_;
    const ProfileSnapshot snap = snapshot();
    run<ProfileOverview>(
        overviewChannel_,
        [=] {
            auto o = std::make_shared<ProfileOverview>();
            o->profile = profile;
            o->snapshot = snap;
            o->summary = summarizeProfile(snap);
            o->activity = computeThreadActivity(snap);
            return o;
        },
        [this](std::shared_ptr<ProfileOverview> o) {
            overview_ = std::move(o);
            emit overviewReady();
        });
}

void ProfileDocument::recomputeSelection() {
    const FunctionId function = selection_->function();
    const ProfileSnapshot snap = snapshot();
    if (!profile_ || function == FunctionSelection::kNone || function >= snap.functions) {
        ++*selectionChannel_.latest; // whatever is in flight is about a former selection
        if (details_) {
            details_.reset();
            emit selectionDetailsReady();
        }
        return;
    }
    std::shared_ptr<const Profile> profile = profile_;
    const SampleFilter filter = filters_->sampleFilter();
    const size_t metric = metric_;
    run<SelectionDetails>(
        selectionChannel_,
        [=] {
            auto d = std::make_shared<SelectionDetails>();
            d->profile = profile;
            d->function = function;
            d->unit = profile->metrics()[metric].unit;
            d->callerCallee = computeCallerCallee(snap, filter, metric, function);
            const StringId file = profile->function(function).file;
            if (file != 0) d->lines = computeLineStats(snap, filter, metric, file);
            for (FrameId f = 0; f < snap.frames; ++f)
                if (profile->frame(f).function == function && profile->frame(f).line)
                    d->functionLines.push_back(profile->frame(f).line);
            std::sort(d->functionLines.begin(), d->functionLines.end());
            d->functionLines.erase(std::unique(d->functionLines.begin(), d->functionLines.end()),
                                   d->functionLines.end());
            return d;
        },
        [this](std::shared_ptr<SelectionDetails> d) {
            details_ = std::move(d);
            emit selectionDetailsReady();
        });
}

} // namespace spyglass::ui
