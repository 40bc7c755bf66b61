#include "widgets/flamegraph/flame_graph_view.h"

#include <QCoreApplication>
#include <QEasingCurve>
#include <QThreadPool>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>

#include "core/model/flat_hash_map.h"
#include "core/query/shared_call_tree.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

namespace spyglass {

namespace {

std::shared_ptr<const FlameModel> computeModel(std::shared_ptr<const Profile> profile,
                                               const ProfileSnapshot& snap,
                                               const SampleFilter& filter,
                                               const FlameLayoutOptions& options,
                                               FlameGraphView::Scope scope, FunctionId function) {
    std::shared_ptr<FlameLayout> layout;
    switch (scope) {
    case FlameGraphView::Scope::Everything:
        if (options.kind == FlameLayoutKind::LeftHeavy) {
            // The same tree the document builds for its call tree views: one build for both.
            const auto tree = sharedCallTree(profile, snap, filter, TreeKind::TopDown,
                                             TreeOptions{options.metric, options.byLine});
            layout = buildFlameLayout(*tree, snap, options.byLine);
        } else {
            layout = buildFlameLayout(snap, filter, options);
        }
        break;
    case FlameGraphView::Scope::CallersOf:
        layout = buildCallersLayout(snap, filter, function, options);
        break;
    case FlameGraphView::Scope::CalleesOf:
        layout = buildCalleesLayout(snap, filter, function, options);
        break;
    }
    return makeFlameModel(std::move(profile), std::move(layout), options.metric);
}

uint64_t keyOf(const FlameLabel& label) {
    return label.foldedPackage ? packKey(UINT32_MAX, label.foldedPackage)
                               : packKey(label.function, label.line);
}

// Label keys from depth 1 down to `node`: what identifies a frame across layouts.
std::vector<uint64_t> keysOf(const FlameLayout& layout, FlameNode node) {
    std::vector<uint64_t> keys;
    for (FlameNode n : layout.pathTo(node))
        if (n.depth > 0) keys.push_back(keyOf(layout.label(n)));
    return keys;
}

// The frame with these keys; among equal candidates (time order) the one starting nearest hintX.
FlameNode findKeys(const FlameLayout& layout, const std::vector<uint64_t>& keys, double hintX) {
    FlameNode node = layout.root();
    for (uint64_t key : keys) {
        const auto [first, last] = layout.children(node);
        FlameNode best;
        double bestDistance = 0;
        for (uint32_t i = first; i < last; ++i) {
            const FlameNode c{node.depth + 1, i};
            if (keyOf(layout.label(c)) != key) continue;
            const double distance = std::abs(double(layout.start(c)) - hintX);
            if (!best.valid() || distance < bestDistance) {
                best = c;
                bestDistance = distance;
            }
            if (layout.kind() == FlameLayoutKind::LeftHeavy) break;
        }
        if (!best.valid()) return {};
        node = best;
    }
    return node;
}

} // namespace

FlameGraphView::FlameGraphView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAutoFillBackground(false);
    rowHeight_ = fontMetrics().height() + 5;
    animation_ = new QVariantAnimation(this);
    animation_->setDuration(220);
    animation_->setEasingCurve(QEasingCurve::OutCubic);
    animation_->setStartValue(0.0);
    animation_->setEndValue(1.0);
    connect(animation_, &QVariantAnimation::valueChanged, this, [this](const QVariant& value) {
        const double t = value.toDouble();
        viewX0_ = animFromX0_ + (current_.x0 - animFromX0_) * t;
        viewX1_ = animFromX1_ + (current_.x1 - animFromX1_) * t;
        update();
    });
}

FlameGraphView::~FlameGraphView() = default;

// --- data --------------------------------------------------------------------------------------

void FlameGraphView::setProfile(std::shared_ptr<const Profile> profile) {
    const ProfileSnapshot snap = profile ? ProfileSnapshot::of(*profile) : ProfileSnapshot{};
    setSnapshot(std::move(profile), snap);
}

void FlameGraphView::setSnapshot(std::shared_ptr<const Profile> profile,
                                 const ProfileSnapshot& snapshot) {
    const bool sameProfile = profile == profile_;
    if (sameProfile && profile_ && snapshot.samples == snapshot_.samples &&
        snapshot.stacks == snapshot_.stacks && snapshot.frames == snapshot_.frames &&
        snapshot.functions == snapshot_.functions && snapshot.threads == snapshot_.threads)
        return; // the document republishes results of an unchanged snapshot after each filter change
    profile_ = std::move(profile);
    snapshot_ = snapshot;
    snapshot_.profile = profile_.get();
    if (!sameProfile) {
        // Ids of another profile mean nothing here: never show or remap across profiles.
        model_.reset();
        search_.reset();
        selected_ = {};
        back_.clear();
        forward_.clear();
    }
    scheduleLayout(!sameProfile);
}

void FlameGraphView::setFilter(const SampleFilter& filter) {
    if (filter == filter_) return;
    filter_ = filter;
    scheduleLayout();
}

void FlameGraphView::setMetric(size_t metric) {
    if (metric == options_.metric) return;
    options_.metric = metric;
    scheduleLayout();
}

void FlameGraphView::setScope(Scope scope, FunctionId function) {
    if (scope == scope_ && function == scopeFunction_) return;
    scope_ = scope;
    scopeFunction_ = function;
    scheduleLayout(true);
}

void FlameGraphView::setLayoutKind(FlameLayoutKind kind) {
    if (kind == options_.kind) return;
    options_.kind = kind;
    scheduleLayout();
}

void FlameGraphView::setMyCodeOnly(bool on) {
    if (on == myCodeOnly_) return;
    myCodeOnly_ = on;
    scheduleLayout();
}

void FlameGraphView::setSplitByLine(bool on) {
    if (on == options_.byLine) return;
    options_.byLine = on;
    scheduleLayout(true);
}

void FlameGraphView::setOrientation(Orientation orientation) {
    orientation_ = orientation;
    clampScroll();
    update();
}

SampleFilter FlameGraphView::effectiveFilter() const {
    SampleFilter f = filter_;
    f.myCodeOnly = f.myCodeOnly || myCodeOnly_;
    return f;
}

// --- layout jobs ---------------------------------------------------------------------------------

void FlameGraphView::scheduleLayout(bool forgetState) {
    forgetState_ = forgetState_ || forgetState;
    const uint64_t generation = ++generation_;
    if (!profile_) {
        applyModel(nullptr, generation);
        return;
    }
    if (snapshot_.samples < asyncThreshold_) {
        applyModel(computeModel(profile_, snapshot_, effectiveFilter(), options_, scope_,
                                scopeFunction_),
                   generation);
        return;
    }
    if (!jobRunning_) startJob();
    update(); // shows "computing"
}

void FlameGraphView::startJob() {
    jobRunning_ = true;
    QPointer<FlameGraphView> self(this);
    QThreadPool::globalInstance()->start(
        [self, profile = profile_, snap = snapshot_, filter = effectiveFilter(), options = options_,
         scope = scope_, function = scopeFunction_, generation = generation_]() {
            auto model = computeModel(profile, snap, filter, options, scope, function);
            // Delivered through the application object: `self` may be gone by then.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, model = std::move(model), generation]() mutable {
                    if (self) self->jobFinished(std::move(model), generation);
                },
                Qt::QueuedConnection);
        });
}

void FlameGraphView::jobFinished(std::shared_ptr<const FlameModel> model, uint64_t generation) {
    jobRunning_ = false;
    if (generation == generation_) applyModel(std::move(model), generation);
    else if (appliedGeneration_ != generation_) startJob(); // newer request still waiting
}

void FlameGraphView::applyModel(std::shared_ptr<const FlameModel> model, uint64_t generation) {
    const std::shared_ptr<const FlameModel> old = std::move(model_);
    model_ = std::move(model);
    appliedGeneration_ = generation;
    renderer_.invalidateText();
    remapAfterRelayout(old && !forgetState_ ? old->layout.get() : nullptr);
    forgetState_ = false;
    rerunSearch();
    clampScroll();
    update();
    emit layoutReady();
    emit zoomChanged();
}

void FlameGraphView::remapAfterRelayout(const FlameLayout* old) {
    animation_->stop();
    if (!model_) {
        current_ = {};
        back_.clear();
        forward_.clear();
        selected_ = {};
        viewX0_ = viewX1_ = 0;
        return;
    }
    const FlameLayout& layout = *model_->layout;
    if (!old) {
        current_ = fullZoom();
        back_.clear();
        forward_.clear();
        selected_ = {};
    } else {
        auto remap = [&](ZoomState& z) {
            if (z.root.valid()) {
                const FlameNode n = findKeys(layout, z.rootPath, z.x0);
                if (!n.valid()) return false;
                z = zoomFor(n);
                return true;
            }
            // A range keeps its meaning only in a time-order layout that grew to the right.
            return old->kind() == FlameLayoutKind::TimeOrder &&
                   layout.kind() == FlameLayoutKind::TimeOrder && z.x1 <= layout.totalWeight();
        };
        if (!remap(current_)) current_ = fullZoom();
        std::erase_if(back_, [&](ZoomState& z) { return !remap(z); });
        std::erase_if(forward_, [&](ZoomState& z) { return !remap(z); });
        if (selected_.valid())
            selected_ = findKeys(layout, keysOf(*old, selected_), double(old->start(selected_)));
    }
    viewX0_ = current_.x0;
    viewX1_ = current_.x1;
}

void FlameGraphView::rerunSearch() {
    search_ = model_ ? FlameSearch::run(*model_, searchPattern_, searchRegex_) : nullptr;
    emit searchChanged(searchMatchedWeight(), model_ ? model_->layout->totalWeight() : 0);
    update();
}

// --- zoom --------------------------------------------------------------------------------------

FlameGraphView::ZoomState FlameGraphView::fullZoom() const {
    if (!model_) return {};
    return zoomFor(model_->layout->root());
}

FlameGraphView::ZoomState FlameGraphView::zoomFor(FlameNode node) const {
    const FlameLayout& layout = *model_->layout;
    ZoomState z;
    if (!node.valid()) return z;
    z.root = node;
    z.x0 = double(layout.start(node));
    z.x1 = double(layout.end(node));
    if (z.x1 <= z.x0) z.x1 = z.x0 + 1;
    z.rootPath = keysOf(layout, node);
    return z;
}

bool FlameGraphView::isZoomed() const {
    if (!model_) return false;
    return current_.x0 > 0 || current_.x1 < double(model_->layout->totalWeight());
}

int64_t FlameGraphView::zoomWeight() const {
    if (!model_) return 0;
    if (current_.root.valid()) return model_->layout->width(current_.root);
    return static_cast<int64_t>(std::llround(current_.x1 - current_.x0));
}

void FlameGraphView::zoomToNode(FlameNode node) {
    if (!model_ || !node.valid() || node.depth >= model_->layout->rowCount()) return;
    setZoom(zoomFor(node), true);
    ensureVisible(node);
}

void FlameGraphView::zoomToRange(double x0, double x1) {
    if (!model_) return;
    const double total = double(model_->layout->totalWeight());
    x0 = std::clamp(x0, 0.0, total);
    x1 = std::clamp(x1, x0, total);
    if (x1 - x0 < 1e-9) return;
    ZoomState z;
    z.x0 = x0;
    z.x1 = x1;
    setZoom(z, true);
}

void FlameGraphView::setZoom(ZoomState target, bool pushHistory) {
    if (pushHistory && (target.x0 != current_.x0 || target.x1 != current_.x1)) {
        back_.push_back(current_);
        forward_.clear();
    }
    current_ = std::move(target);
    animateTo(current_.x0, current_.x1);
    emit zoomChanged();
}

void FlameGraphView::animateTo(double x0, double x1) {
    animation_->stop();
    if (!animate_ || !isVisible()) {
        viewX0_ = x0;
        viewX1_ = x1;
        update();
        return;
    }
    animFromX0_ = viewX0_;
    animFromX1_ = viewX1_;
    animation_->start();
}

void FlameGraphView::goBack() {
    if (back_.empty()) return;
    forward_.push_back(current_);
    ZoomState z = std::move(back_.back());
    back_.pop_back();
    setZoom(std::move(z), false);
}

void FlameGraphView::goForward() {
    if (forward_.empty()) return;
    back_.push_back(current_);
    ZoomState z = std::move(forward_.back());
    forward_.pop_back();
    setZoom(std::move(z), false);
}

void FlameGraphView::resetZoom() {
    if (!model_ || !isZoomed()) return;
    setZoom(fullZoom(), true);
    scrollPx_ = 0;
    update();
}

void FlameGraphView::zoomIn() {
    const double mid = (current_.x0 + current_.x1) / 2, half = (current_.x1 - current_.x0) / 4;
    zoomToRange(mid - half, mid + half);
}

void FlameGraphView::zoomOut() {
    const double mid = (current_.x0 + current_.x1) / 2, half = current_.x1 - current_.x0;
    zoomToRange(mid - half, mid + half);
}

} // namespace spyglass
