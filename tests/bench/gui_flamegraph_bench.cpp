// Flamegraph view benchmark: a 1,000,000-sample profile with 100,000 distinct stacks (py-spy-like
// paths 5–40 deep over user code, the standard library, site-packages and native code) built in
// code with a fixed seed; then layout, first paint, paints at 1920×1080 (full, zoomed, and along
// a zoom animation), search and peak memory. Each measurement sits beside a baseline from the same
// run: the core's call tree for the layout, a paint with one rectangle per frame (no folding) for
// painting, a regular expression run per frame instead of per distinct name for search.
//
//   gui_flamegraph_bench [samples] [stacks]      (defaults 1000000 100000)
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QTest>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/query/call_tree.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_layout_builder.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

using namespace spyglass;

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Stats {
    double median = 0, p90 = 0, min = 0;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 9 / 10)], v.front()};
}

template <typename F>
Stats timeRuns(int runs, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const double t0 = now();
        f();
        t.push_back((now() - t0) * 1000);
    }
    return stats(t);
}

double statusMiB(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
    return 0;
}

void report(const char* what, const Stats& s) {
    std::printf("%-48s median %9.2f ms   p90 %9.2f ms   min %9.2f ms\n", what, s.median, s.p90, s.min);
}

// --- the synthetic profile ------------------------------------------------------------------------

struct SyntheticFunction {
    FunctionId id = 0;
    uint32_t line = 1;
    std::vector<uint32_t> callees;
};

std::shared_ptr<Profile> makeProfile(size_t sampleCount, size_t stackCount, uint64_t seed) {
    auto profile = std::make_shared<Profile>();
    std::mt19937_64 rng(seed);
    const char* verbs[] = {"handle", "process", "load", "parse", "compute", "render", "fetch",
                           "update", "validate", "encode", "decode", "read", "write", "run"};
    const char* nouns[] = {"request", "order", "user", "item", "batch", "record", "frame", "token",
                           "query", "page", "row", "event", "chunk", "config", "cache"};
    const char* stdlibModules[] = {"json/decoder.py", "json/encoder.py", "re/_compiler.py",
                                   "threading.py", "socket.py", "selectors.py", "collections/__init__.py",
                                   "logging/__init__.py", "email/parser.py", "http/client.py"};
    const char* packages[] = {"flask/app.py", "werkzeug/routing.py", "sqlalchemy/engine/base.py",
                              "numpy/core/fromnumeric.py", "requests/sessions.py", "jinja2/runtime.py",
                              "pydantic/main.py", "urllib3/connectionpool.py"};
    const char* libs[] = {"libc.so.6", "libpython3.11.so.1.0", "libssl.so.3", "libz.so.1"};

    constexpr uint32_t kFunctions = 6000;
    std::vector<SyntheticFunction> fns(kFunctions);
    for (uint32_t i = 0; i < kFunctions; ++i) {
        std::string name, file;
        const uint32_t kind = rng() % 20;
        name = std::string(verbs[rng() % 14]) + "_" + nouns[rng() % 15] + "_" + std::to_string(i);
        FrameKind frameKind = FrameKind::Python;
        if (i < 2) name = i == 0 ? "<module>" : "main";
        if (i < 2 || kind < 10) file = "/srv/app/" + std::string(nouns[i % 15]) + "s.py";
        else if (kind < 15) file = std::string("/usr/lib/python3.11/") + stdlibModules[rng() % 10];
        else if (kind < 19) file = std::string("/srv/venv/lib/python3.11/site-packages/") + packages[rng() % 8];
        else {
            file = std::string("/usr/lib/x86_64-linux-gnu/") + libs[rng() % 4];
            frameKind = FrameKind::Native;
        }
        fns[i].id = profile->internFunction(name, file, frameKind);
        fns[i].line = 1 + uint32_t(rng() % 900);
        const int callees = 2 + int(rng() % 7);
        for (int c = 0; c < callees; ++c) fns[i].callees.push_back(2 + uint32_t(rng() % (kFunctions - 2)));
    }
    fns[0].callees = {1};

    // Distinct stacks by random walks; hot callees first (Zipf-like), so prefixes are shared the
    // way a real program's are.
    std::vector<StackId> stacks;
    std::unordered_set<StackId> seen;
    std::vector<FrameId> frames;
    while (stacks.size() < stackCount) {
        const int depth = 5 + int(rng() % 36);
        frames.clear();
        uint32_t f = 0;
        for (int d = 0; d < depth; ++d) {
            const auto& callees = fns[f].callees;
            // P(k) ~ 1/(k+1): inverse transform over the few callees.
            double total = 0;
            for (size_t k = 0; k < callees.size(); ++k) total += 1.0 / double(k + 1);
            double r = std::uniform_real_distribution<double>(0, total)(rng);
            size_t k = 0;
            while (k + 1 < callees.size() && (r -= 1.0 / double(k + 1)) > 0) ++k;
            const uint32_t next = callees[k];
            frames.push_back(profile->internFrame(fns[f].id, fns[f].line + uint32_t(k)));
            f = next;
        }
        frames.push_back(profile->internFrame(fns[f].id, fns[f].line));
        const StackId s = profile->internStack(frames);
        if (seen.insert(s).second) stacks.push_back(s);
    }

    // Every stack at least once, the rest Zipf-distributed; bursts of one stack (a program stays
    // in one place for a few samples) in shuffled order on four threads.
    std::vector<double> cdf(stacks.size());
    double acc = 0;
    for (size_t i = 0; i < stacks.size(); ++i) cdf[i] = acc += 1.0 / std::pow(double(i + 1), 0.9);
    std::vector<StackId> bursts(stacks);
    size_t planned = stacks.size() * 2;
    while (planned < sampleCount * 97 / 100) { // the rest wraps around: no stack is left out
        const double r = std::uniform_real_distribution<double>(0, acc)(rng);
        bursts.push_back(stacks[std::lower_bound(cdf.begin(), cdf.end(), r) - cdf.begin()]);
        planned += 2;
    }
    std::shuffle(bursts.begin(), bursts.end(), rng);
    ThreadIndex threads[4];
    for (int t = 0; t < 4; ++t) threads[t] = profile->addThread(1000 + t, "worker-" + std::to_string(t));
    profile->reserveSamples(sampleCount);
    size_t written = 0;
    int64_t time = 0;
    for (size_t b = 0; written < sampleCount; b = (b + 1) % bursts.size()) {
        const ThreadIndex t = threads[rng() % 4];
        const size_t run = 1 + rng() % 3; // mean 2
        for (size_t i = 0; i < run && written < sampleCount; ++i, ++written) {
            profile->appendSample(time, t, bursts[b], 1);
            time += 2'500'000;
        }
    }
    return profile;
}

} // namespace

namespace {

// Baseline painter: every frame of every visible row its own rectangle, no folding.
void paintUnfolded(QPainter& painter, const FlameModel& model, const FlameViewport& vp, int rowHeight,
                   int height) {
    const FlameLayout& layout = *model.layout;
    const double scale = vp.pxPerUnit();
    for (uint32_t d = 0; d < layout.rowCount() && int(d) * rowHeight < height; ++d) {
        const FlameLayout::Row& row = layout.row(d);
        const double y = height - double(d + 1) * rowHeight;
        for (uint32_t i = 0; i < row.size(); ++i) {
            const double x = (double(row.start[i]) - vp.x0) * scale;
            const double w = double(row.prefix[i + 1] - row.prefix[i]) * scale;
            if (x + w < 0 || x > vp.widthPx) continue;
            painter.fillRect(QRectF(x, y, std::max(w, 1.0), rowHeight - 1),
                             QColor(model.colors[row.label[i]]));
        }
    }
}

// A frame around 1% of the samples, as deep as such frames go: what a user zooms into.
FlameNode deepOnePercentFrame(const FlameLayout& layout) {
    FlameNode best;
    const int64_t target = layout.totalWeight() / 100;
    for (uint32_t d = 1; d < layout.rowCount(); ++d)
        for (uint32_t i = 0; i < layout.row(d).size(); ++i) {
            const FlameNode n{d, i};
            if (layout.width(n) >= target && layout.width(n) <= target * 3) best = n;
        }
    return best.valid() ? best : layout.root();
}

// The same paints and search under Qt Test's QBENCHMARK, which picks its own iteration count and
// reports a per-iteration median the way Qt's tooling reads it (-median N, -tickcounter, ...).
class FlamePaintQBench : public QObject {
    Q_OBJECT
  public:
    FlamePaintQBench(FlameGraphView& view, FlameNode zoomNode) : view_(view), zoomNode_(zoomNode) {}

  private slots:
    void paintFullView() {
        view_.resetZoom();
        QBENCHMARK { view_.render(&target_); }
    }
    void paintZoomed() {
        view_.zoomToNode(zoomNode_);
        QBENCHMARK { view_.render(&target_); }
        view_.resetZoom();
    }
    void searchSubstring() {
        QBENCHMARK { view_.setSearch(QStringLiteral("json"), false); }
        view_.setSearch({});
    }
    void searchRegex() {
        QBENCHMARK { view_.setSearch(QStringLiteral("^(parse|decode)_.*_[0-9]*7$"), true); }
        view_.setSearch({});
    }

  private:
    FlameGraphView& view_;
    FlameNode zoomNode_;
    QImage target_{1920, 1080, QImage::Format_ARGB32_Premultiplied};
};

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const size_t samples = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
    const size_t distinct = argc > 2 ? std::stoul(argv[2]) : 100'000;
    const int paints = 200;

    double t0 = now();
    std::shared_ptr<const Profile> profile = makeProfile(samples, distinct, 42);
    const ProfileSnapshot snap = ProfileSnapshot::of(*profile);
    std::printf("profile: %zu samples, %zu distinct stacks wanted, %zu stack nodes, %zu functions, "
                "built in %.0f ms; profile %.1f MiB, RSS %.1f MiB\n",
                snap.samples, distinct, snap.stacks, snap.functions, (now() - t0) * 1000,
                profile->memoryBytes() / 1048576.0, statusMiB("VmRSS:"));
    const double rssProfile = statusMiB("VmRSS:");

    // --- layout ----------------------------------------------------------------------------------
    std::shared_ptr<FlameLayout> layout;
    report("baseline: core buildCallTree (top-down)",
           timeRuns(5, [&] { buildCallTree(snap, {}, TreeKind::TopDown); }));
    report("layout left-heavy (buildFlameLayout)", timeRuns(5, [&] {
               layout.reset();
               layout = buildFlameLayout(snap, {});
           }));
    report("model (names + colors per label)", timeRuns(5, [&] { makeFlameModel(profile, layout, 0); }));
    std::printf("  left-heavy: %zu frames in %zu rows, %zu labels, %.1f MiB\n", layout->nodeCount(),
                layout->rowCount(), layout->labels().size(), layout->memoryBytes() / 1048576.0);

    // --- first paint: setProfile → layout → one paint at 1920x1080 -------------------------------
    FlameGraphView view;
    view.setAnimationsEnabled(false);
    view.setAsyncThreshold(SIZE_MAX); // measure the whole path on this thread
    view.resize(1920, 1080);
    QImage target(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    t0 = now();
    view.setProfile(std::const_pointer_cast<Profile>(profile));
    view.render(&target);
    const double firstPaint = (now() - t0) * 1000;
    std::printf("%-48s %9.2f ms (RSS %.1f MiB, %.1f MiB over the profile)\n",
                "first paint (setProfile + layout + paint)", firstPaint, statusMiB("VmRSS:"),
                statusMiB("VmRSS:") - rssProfile);

    // --- paints --------------------------------------------------------------------------------------
    const FlameModel& model = *view.model();
    const Stats full = timeRuns(paints, [&] { view.render(&target); });
    report("paint 1920x1080 full view (repaint, folds kept)", full);
    {
        // Every paint a (slightly) new viewport, so every paint folds all rows again.
        const double total = double(view.layout()->totalWeight());
        int flip = 0;
        std::vector<double> t;
        for (int i = 0; i < paints; ++i) {
            view.zoomToRange(0, total - double(++flip % 2));
            const double p0 = now();
            view.render(&target);
            t.push_back((now() - p0) * 1000);
        }
        report("paint 1920x1080 full view (folded anew)", stats(t));
        view.resetZoom();
    }
    size_t blocks = view.visibleBlocks().size();
    {
        QPainter painter(&target);
        FlameViewport vp{0, double(layout->totalWeight()), 1920, 3};
        report("baseline: paint one rect per frame, full view",
               timeRuns(5, [&] { paintUnfolded(painter, model, vp, view.rowHeight(), 1080); }));
    }
    std::printf("  full view: %zu blocks painted for %zu frames\n", blocks, view.layout()->nodeCount());

    const FlameNode zoomNode = deepOnePercentFrame(*view.layout());
    view.zoomToNode(zoomNode);
    report("paint 1920x1080 zoomed (a ~1% frame, repaint)", timeRuns(paints, [&] { view.render(&target); }));
    std::printf("  zoomed into depth %u, %lld samples; %zu blocks\n", zoomNode.depth,
                (long long)view.layout()->width(zoomNode), view.visibleBlocks().size());

    // A zoom animation from the full view into that frame: every paint a new viewport.
    view.resetZoom();
    std::vector<double> animation;
    const double x0 = double(view.layout()->start(zoomNode)), x1 = double(view.layout()->end(zoomNode));
    const double total = double(view.layout()->totalWeight());
    for (int i = 0; i <= 60; ++i) {
        const double t = i / 60.0;
        view.zoomToRange(x0 * t, total + (x1 - total) * t);
        const double p0 = now();
        view.render(&target);
        animation.push_back((now() - p0) * 1000);
    }
    report("paint 1920x1080 along a zoom animation (61)", stats(animation));
    view.resetZoom();

    // --- search --------------------------------------------------------------------------------------
    for (const auto& [pattern, regex] : std::vector<std::pair<QString, bool>>{
             {"json", false}, {"^(parse|decode)_.*_[0-9]*7$", true}, {"render_page", false}, {"zzz", false}}) {
        const Stats s = timeRuns(21, [&] { view.setSearch(pattern, regex); });
        const QString what = QString("search %1%2").arg(regex ? "regex " : "", pattern);
        report(qPrintable(what), s);
        std::printf("  matched %.2f%% of samples\n", 100 * view.searchMatchedShare());
    }
    {
        const QRegularExpression re("json", QRegularExpression::CaseInsensitiveOption);
        report("baseline: regex on every frame's name", timeRuns(3, [&] {
                   size_t hits = 0;
                   const FlameLayout& l = *view.layout();
                   for (uint32_t d = 0; d < l.rowCount(); ++d)
                       for (uint32_t i = 0; i < l.row(d).size(); ++i)
                           hits += re.match(model.names[l.row(d).label[i]]).hasMatch();
                   if (hits == SIZE_MAX) std::puts("");
               }));
    }
    view.setSearch({});
    {
        std::puts("QBENCHMARK (Qt Test, median of 5 measurements each):");
        FlamePaintQBench qbench(view, zoomNode);
        char name[] = "gui_flamegraph_bench", median[] = "-median", five[] = "5";
        char* qargs[] = {name, median, five};
        QTest::qExec(&qbench, 3, qargs);
    }
    const double peakLeftHeavy = statusMiB("VmHWM:");
    std::printf("peak memory (VmHWM) after left-heavy work: %.1f MiB\n", peakLeftHeavy);

    // --- time order ----------------------------------------------------------------------------------
    FlameLayoutOptions timeOrder;
    timeOrder.kind = FlameLayoutKind::TimeOrder;
    layout.reset();
    std::shared_ptr<FlameLayout> timed;
    report("layout time order (buildFlameLayout)", timeRuns(3, [&] {
               timed.reset(); // one at a time, as in the view
               timed = buildFlameLayout(snap, {}, timeOrder);
           }));
    std::printf("  time order: %zu frames in %zu rows, %.1f MiB\n", timed->nodeCount(), timed->rowCount(),
                timed->memoryBytes() / 1048576.0);
    timed.reset();
    view.setLayoutKind(FlameLayoutKind::TimeOrder);
    report("paint 1920x1080 time order full (repaint)", timeRuns(paints, [&] { view.render(&target); }));
    {
        const double total = double(view.layout()->totalWeight());
        std::vector<double> t;
        for (int i = 0; i < paints; ++i) {
            view.zoomToRange(0, total - double(i % 2));
            const double p0 = now();
            view.render(&target);
            t.push_back((now() - p0) * 1000);
        }
        report("paint 1920x1080 time order full (folded anew)", stats(t));
        view.resetZoom();
    }
    report("search json (time order)", timeRuns(11, [&] { view.setSearch("json"); }));
    std::printf("peak memory (VmHWM) at the end: %.1f MiB\n", statusMiB("VmHWM:"));
    return 0;
}

#include "gui_flamegraph_bench.moc"
