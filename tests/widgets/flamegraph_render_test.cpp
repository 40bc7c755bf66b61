// What the flamegraph looks like: grabs the widget to PNG in both orientations and layouts,
// zoomed, searched, folded, as a sandwich and from a real profile file, checks pixels where the
// picture must show something definite, and leaves the PNGs in flamegraph_png/ beside the test
// binary for a person to look at.
#include <QApplication>
#include <QDir>
#include <QVBoxLayout>
#include <QtTest>
#include <random>

#include "core/formats/profile_io.h"
#include "tests/widgets/flamegraph_test_profiles.h"
#include "widgets/flamegraph/flame_colors.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_legend.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/sandwich_view.h"

using namespace spyglass;
using spyglass::test::functionNamed;
using spyglass::test::nodeNamed;
using spyglass::test::profileFromCollapsed;

namespace {

// A web service's profile: request handling in user code, json/re from the standard library,
// flask and sqlalchemy from site-packages, native frames, idle time, and a long tail of small
// helpers that fold at full view.
std::string webServiceStacks() {
    const std::string stdlib = "/usr/lib/python3.11/";
    const std::string site = "/srv/venv/lib/python3.11/site-packages/";
    const std::string root = "<module>@/srv/app/server.py:1;run@/srv/app/server.py:40;"
                             "wsgi_app@" + site + "flask/app.py:2190;dispatch@" + site + "flask/app.py:1799;";
    std::string t;
    auto add = [&](const std::string& stack, int n) { t += root + stack + " " + std::to_string(n) + "\n"; };
    add("handle_order@/srv/app/orders.py:12;validate@/srv/app/orders.py:40;loads@" + stdlib +
        "json/__init__.py:346;decode@" + stdlib + "json/decoder.py:337;raw_decode@" + stdlib +
        "json/decoder.py:353", 180);
    add("handle_order@/srv/app/orders.py:12;save@/srv/app/db.py:22;execute@" + site +
        "sqlalchemy/engine/base.py:1380;_execute_context@" + site +
        "sqlalchemy/engine/base.py:1900;do_execute@" + site +
        "sqlalchemy/engine/default.py:736;PQexec@/usr/lib/libpq.so.5", 260);
    add("handle_order@/srv/app/orders.py:12;price@/srv/app/pricing.py:8;discount@/srv/app/pricing.py:30", 120);
    add("handle_search@/srv/app/search.py:5;match_all@/srv/app/search.py:19;search@" + stdlib +
        "re/__init__.py:176;_compile@" + stdlib + "re/__init__.py:272", 90);
    add("handle_search@/srv/app/search.py:5;render@/srv/app/views.py:70;dumps@" + stdlib +
        "json/__init__.py:231;encode@" + stdlib + "json/encoder.py:200", 70);
    add("handle_search@/srv/app/search.py:5", 20);
    std::mt19937 rng(3);
    for (int i = 0; i < 400; ++i)
        add("handle_misc@/srv/app/misc.py:3;helper_" + std::to_string(i) + "@/srv/app/misc.py:" +
                std::to_string(10 + i),
            1 + int(rng() % 2));
    t += "<module>@/srv/app/server.py:1;run@/srv/app/server.py:40;poll@/usr/lib/libc.so.6;<idle>@<idle> 150\n";
    return t;
}

QString pngDir() {
    QDir dir(QCoreApplication::applicationDirPath());
    dir.mkpath("flamegraph_png");
    return dir.filePath("flamegraph_png");
}

QImage grabTo(QWidget& w, const QString& name) {
    const QImage image = w.grab().toImage();
    const QString path = pngDir() + "/" + name + ".png";
    if (!image.save(path)) qWarning("cannot save %s", qPrintable(path));
    return image;
}

QColor pixelAt(const QImage& image, QPointF p) { return image.pixelColor(p.toPoint()); }

} // namespace

class FlamegraphRenderTest : public QObject {
    Q_OBJECT
    std::shared_ptr<Profile> profile_;
    std::unique_ptr<FlameGraphView> view_;

    FlameNode node(const char* name) const { return nodeNamed(*view_->layout(), *profile_, name); }
    QColor colorOf(const char* name) const { return view_->model()->color(node(name)); }
    // A pixel of the frame's fill: near its top right, away from the label and the seams.
    QPointF inside(const char* name) const {
        const QRectF r = view_->frameRect(node(name));
        return {r.right() - 4, r.top() + 2};
    }

private slots:
    void init() {
        profile_ = profileFromCollapsed(webServiceStacks());
        view_ = std::make_unique<FlameGraphView>();
        view_->setAnimationsEnabled(false);
        view_->resize(1000, 300);
        view_->setProfile(profile_);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    }
    void cleanup() { view_.reset(); }

    void flameAndIcicleLeftHeavy() {
        QImage img = grabTo(*view_, "flame_left_heavy");
        const double rowTop = view_->frameRect(view_->layout()->root()).top();
        QCOMPARE(rowTop, 300.0 - view_->rowHeight()); // the root row at the bottom
        QCOMPARE(pixelAt(img, {500, rowTop + 5}), FlameColors::rootColor());
        QCOMPARE(pixelAt(img, inside("handle_order")), colorOf("handle_order"));
        QCOMPARE(pixelAt(img, inside("PQexec")), colorOf("PQexec"));
        QCOMPARE(pixelAt(img, {500, 3}), view_->palette().color(QPalette::Base));
        // The long tail of helpers is one folded gray block above handle_misc.
        const QRectF misc = view_->frameRect(node("handle_misc"));
        QCOMPARE(pixelAt(img, {misc.center().x(), misc.top() - 5}), FlameColors::foldedColor());

        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        img = grabTo(*view_, "icicle_left_heavy");
        QCOMPARE(pixelAt(img, {500, 5}), FlameColors::rootColor());
        QCOMPARE(pixelAt(img, inside("raw_decode")), colorOf("raw_decode"));
    }

    void timeOrderLayouts() {
        view_->setLayoutKind(FlameLayoutKind::TimeOrder);
        QCOMPARE(view_->layout()->kind(), FlameLayoutKind::TimeOrder);
        QImage img = grabTo(*view_, "flame_time_order");
        QCOMPARE(pixelAt(img, inside("raw_decode")), colorOf("raw_decode"));
        // Recorded first, shown first.
        QCOMPARE(view_->frameRect(node("handle_order")).left(), 0.0);
        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        img = grabTo(*view_, "icicle_time_order");
        QCOMPARE(pixelAt(img, {500, 5}), FlameColors::rootColor());
    }

    void zoomedWithSelection() {
        view_->zoomToNode(node("handle_search"));
        view_->setFocus();
        view_->selectNode(node("match_all"));
        const QImage img = grabTo(*view_, "flame_zoomed_handle_search");
        // Zoomed frame spans the width; its ancestors too, its siblings are out of view.
        QCOMPARE(view_->frameRect(node("handle_search")).width(), 1000.0);
        QCOMPARE(pixelAt(img, inside("render")), colorOf("render"));
        // The selection outline in the focus color.
        const QRectF sel = view_->frameRect(node("match_all"));
        QCOMPARE(pixelAt(img, {sel.center().x(), sel.top() + 1}),
                 view_->palette().color(QPalette::Highlight));
    }

    void searchDimsTheRest() {
        QVERIFY(view_->setSearch(QStringLiteral("json|loads|dumps|decode|encode"), true));
        const QImage img = grabTo(*view_, "flame_search_json");
        QCOMPARE(pixelAt(img, inside("raw_decode")), colorOf("raw_decode"));
        QCOMPARE(pixelAt(img, inside("PQexec")), FlameColors::dimmed(colorOf("PQexec")));
        // loads (180) and dumps (70), each once: 250 samples.
        QCOMPARE(view_->searchMatchedWeight(), 250);
        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        view_->zoomToNode(node("dispatch"));
        grabTo(*view_, "icicle_search_zoomed");
    }

    void myCodeOnly() {
        view_->setMyCodeOnly(true);
        const QImage img = grabTo(*view_, "flame_my_code_only");
        QVERIFY(view_->layout()->rowCount() < 10);
        bool sawJson = false;
        for (uint32_t d = 0; d < view_->layout()->rowCount(); ++d)
            for (uint32_t i = 0; i < view_->layout()->row(d).size(); ++i)
                sawJson = sawJson || view_->frameName({d, i}) == QStringLiteral("[json]");
        QVERIFY(sawJson);
        Q_UNUSED(img);
    }

    void exportedImageMatchesTheView() {
        view_->zoomToNode(node("handle_order"));
        const QString path = pngDir() + "/export_1600x600.png";
        QVERIFY(view_->savePng(path, QSize(1600, 600)));
        const QImage img(path);
        QCOMPARE(img.size(), QSize(1600, 600));
        QCOMPARE(pixelAt(img, {800, 600.0 - view_->rowHeight() + 5}), FlameColors::rootColor());
        // The zoomed frame spans the whole export.
        const double y = 600.0 - (node("handle_order").depth + 1) * view_->rowHeight() + 2;
        QCOMPARE(pixelAt(img, {3, y}), colorOf("handle_order"));
        QCOMPARE(pixelAt(img, {1590, y}), colorOf("handle_order"));
    }

    void sandwichAndLegend() {
        QWidget window;
        auto* sandwich = new SandwichView(&window);
        auto* legend = new FlameLegend(&window);
        auto* box = new QVBoxLayout(&window);
        box->addWidget(sandwich, 1);
        box->addWidget(legend);
        sandwich->setAnimationsEnabled(false);
        sandwich->setProfile(profile_);
        sandwich->setFunction(functionNamed(*profile_, "loads"));
        window.resize(1000, 500);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        grabTo(window, "sandwich_loads");
        const auto callers = sandwich->callersView()->layout();
        const auto callees = sandwich->calleesView()->layout();
        QCOMPARE(callers->totalWeight(), 180);
        QCOMPARE(sandwich->callersView()->frameName({1, 0}), QStringLiteral("validate"));
        QCOMPARE(sandwich->calleesView()->frameName({1, 0}), QStringLiteral("decode"));
        QCOMPARE(callees->rowCount(), size_t(3));
        QCOMPARE(legend->entries().size(), 6);
        grabTo(*legend, "legend");
    }

    void realCollapsedFile() {
        const std::string path = std::string(SPYGLASS_SHARED_DATA_DIR) +
                                 "/profiles/speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt";
        auto read = readProfileFile(path);
        if (!read) QSKIP(qPrintable("collapsed reader: " + QString::fromStdString(read.error().message)));
        std::shared_ptr<const Profile> real(std::move(*read));
        view_->resize(1400, 700);
        view_->setProfile(real);
        QVERIFY(view_->layout()->totalWeight() > 0);
        grabTo(*view_, "real_perf_vertx_flame");
        // Every row's blocks still add up to the row.
        std::vector<int64_t> perRow(view_->layout()->rowCount(), 0);
        for (const FlameBlock& b : view_->visibleBlocks()) perRow[b.depth] += b.mass;
        const auto [first, last] = FlameRenderer::visibleRows(
            FlamePaintState{view_->model().get(), nullptr, view_->viewport(), true, view_->rowHeight()},
            view_->height());
        for (uint32_t d = first; d < last; ++d) QCOMPARE(perRow[d], view_->layout()->row(d).prefix.back());
        view_->setLayoutKind(FlameLayoutKind::TimeOrder);
        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        grabTo(*view_, "real_perf_vertx_icicle_time_order");
    }
};

QTEST_MAIN(FlamegraphRenderTest)
#include "flamegraph_render_test.moc"
