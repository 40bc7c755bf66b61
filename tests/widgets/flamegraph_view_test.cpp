// The flamegraph widget driven like a user drives it: clicks, keys, the history, tooltips, the
// context menu, the clipboard, search, a worker-thread layout and a profile that keeps growing.
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include "tests/widgets/flamegraph_test_profiles.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_model.h"

using namespace spyglass;
using spyglass::test::functionNamed;
using spyglass::test::nodeNamed;
using spyglass::test::profileFromCollapsed;

namespace {

constexpr const char* kProfile = R"(
    main;parse;tokenize 3
    main;parse 1
    main;compute;inner 4
    main;compute 2
    idle 2
)";

QPoint centerOf(const QRectF& r) { return r.center().toPoint(); }

} // namespace

class FlamegraphViewTest : public QObject {
    Q_OBJECT
    std::shared_ptr<Profile> profile_;
    std::unique_ptr<FlameGraphView> view_;

    FlameNode node(const char* name) const { return nodeNamed(*view_->layout(), *profile_, name); }
    QPoint at(const char* name) const { return centerOf(view_->frameRect(node(name))); }

private slots:
    void init() {
        profile_ = profileFromCollapsed(kProfile);
        view_ = std::make_unique<FlameGraphView>();
        view_->setAnimationsEnabled(false);
        view_->resize(600, 200);
        view_->setProfile(profile_);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    }
    void cleanup() { view_.reset(); }

    void widthsFollowTotals() {
        QCOMPARE(view_->layout()->totalWeight(), 12);
        for (const char* name : {"main", "parse", "compute", "inner", "tokenize", "idle"}) {
            const FlameNode n = node(name);
            const double expected = 600.0 * double(view_->layout()->width(n)) / 12.0;
            QCOMPARE(view_->frameRect(n).width(), expected);
        }
        // Flame orientation: the root row at the bottom, children above their parents.
        QVERIFY(view_->frameRect(node("compute")).top() < view_->frameRect(node("main")).top());
        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        QVERIFY(view_->frameRect(node("compute")).top() > view_->frameRect(node("main")).top());
        QCOMPARE(view_->frameRect(view_->layout()->root()).top(), 0.0);
    }

    void clickZoomsAndHistoryWalksBackAndForward() {
        QSignalSpy selected(view_.get(), &FlameGraphView::functionSelected);
        QTest::mouseClick(view_.get(), Qt::LeftButton, {}, at("compute"));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected[0][0].value<FunctionId>(), functionNamed(*profile_, "compute"));
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QVERIFY(view_->isZoomed());
        QCOMPARE(view_->frameRect(node("compute")).left(), 0.0);
        QCOMPARE(view_->frameRect(node("compute")).width(), 600.0);
        QCOMPARE(view_->frameRect(node("inner")).width(), 600.0 * 4 / 6);
        QCOMPARE(view_->zoomWeight(), 6);
        // Zoom further, then walk the history.
        QTest::mouseClick(view_.get(), Qt::LeftButton, {}, at("inner"));
        QCOMPARE(view_->zoomRoot(), node("inner"));
        view_->goBack();
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QTest::mouseClick(view_.get(), Qt::BackButton, {}, QPoint(5, 5));
        QVERIFY(!view_->isZoomed());
        QVERIFY(!view_->canGoBack());
        view_->goForward();
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QVERIFY(view_->canGoForward());
        // Clicking the row below the zoomed frame (its parent, full width) zooms out to it.
        QTest::mouseClick(view_.get(), Qt::LeftButton, {}, at("main"));
        QCOMPARE(view_->zoomRoot(), node("main"));
        QVERIFY(!view_->canGoForward());
        view_->resetZoom();
        QVERIFY(!view_->isZoomed());
        QCOMPARE(view_->frameRect(node("main")).width(), 600.0 * 10 / 12);
    }

    void zoomAnimatesToItsTarget() {
        view_->setAnimationsEnabled(true);
        view_->zoomToNode(node("parse"));
        QTRY_COMPARE(view_->viewport().x0, double(view_->layout()->start(node("parse"))));
        QTRY_COMPARE(view_->viewport().x1, double(view_->layout()->end(node("parse"))));
    }

    void keyboardMovesBetweenFrames() {
        view_->setFocus();
        QSignalSpy selected(view_.get(), &FlameGraphView::functionSelected);
        QTest::keyClick(view_.get(), Qt::Key_Up); // nothing selected: the root
        QCOMPARE(view_->selectedNode(), view_->layout()->root());
        QTest::keyClick(view_.get(), Qt::Key_Up); // flame: up is the heaviest child
        QCOMPARE(view_->selectedNode(), node("main"));
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QCOMPARE(view_->selectedNode(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Right);
        QCOMPARE(view_->selectedNode(), node("parse"));
        QTest::keyClick(view_.get(), Qt::Key_Right); // no further sibling: stays
        QCOMPARE(view_->selectedNode(), node("parse"));
        QTest::keyClick(view_.get(), Qt::Key_Left);
        QCOMPARE(view_->selectedNode(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Down);
        QCOMPARE(view_->selectedNode(), node("main"));
        QCOMPARE(selected.count(), 5);
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QTest::keyClick(view_.get(), Qt::Key_Return);
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QTest::keyClick(view_.get(), Qt::Key_Enter);
        QCOMPARE(view_->zoomRoot(), node("inner"));
        QTest::keyClick(view_.get(), Qt::Key_Backspace);
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(view_->zoomRoot(), node("inner"));
        QTest::keyClick(view_.get(), Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(view_->zoomRoot(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Escape);
        QVERIFY(!view_->isZoomed());
        // Icicle: the arrows follow the picture.
        view_->setOrientation(FlameGraphView::Orientation::Icicle);
        view_->selectNode(node("main"));
        QTest::keyClick(view_.get(), Qt::Key_Down);
        QCOMPARE(view_->selectedNode(), node("compute"));
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QCOMPARE(view_->selectedNode(), node("main"));
    }

    void tooltipNamesTheFrameAndItsShares() {
        QCOMPARE(view_->tooltipTextAt(at("compute")), QStringLiteral(
            "compute\napp.py\n"
            "Total: 6 samples (50.0% of all, 50.0% of zoom)\n"
            "Own: 2 samples (16.7% of all, 16.7% of zoom)\n"
            "Package: app (your code)"));
        view_->zoomToNode(node("main"));
        QCOMPARE(view_->tooltipTextAt(at("compute")), QStringLiteral(
            "compute\napp.py\n"
            "Total: 6 samples (50.0% of all, 60.0% of zoom)\n"
            "Own: 2 samples (16.7% of all, 20.0% of zoom)\n"
            "Package: app (your code)"));
        QVERIFY(view_->tooltipTextAt(QPoint(5, 5)).isEmpty()); // empty space above the frames
    }

    void searchSharesAndErrors() {
        QSignalSpy changed(view_.get(), &FlameGraphView::searchChanged);
        QVERIFY(view_->setSearch(QStringLiteral("^(parse|tokenize)$"), true));
        QCOMPARE(view_->searchMatchedWeight(), 4);
        QCOMPARE(view_->searchMatchedShare(), 4.0 / 12.0);
        QCOMPARE(changed.last()[0].toLongLong(), 4);
        QVERIFY(view_->setSearch(QStringLiteral("INNER")));
        QCOMPARE(view_->searchMatchedWeight(), 4);
        QVERIFY(!view_->setSearch(QStringLiteral("[unclosed"), true));
        QVERIFY(!view_->searchError().isEmpty());
        QVERIFY(!view_->isSearchActive());
        QVERIFY(view_->setSearch(QString()));
        QCOMPARE(view_->searchMatchedWeight(), 0);
    }

    void contextMenuAndClipboard() {
        QSignalSpy focus(view_.get(), &FlameGraphView::focusRequested);
        QSignalSpy exclude(view_.get(), &FlameGraphView::excludeRequested);
        std::unique_ptr<QMenu> menu(view_->createContextMenu(at("tokenize")));
        QCOMPARE(view_->selectedNode(), node("tokenize"));
        QStringList texts;
        for (QAction* a : menu->actions())
            if (!a->isSeparator()) texts << a->text();
        QCOMPARE(texts, QStringList({"Zoom to Frame", "Copy Function Name", "Copy Stack",
                                     "Focus on Function", "Exclude Function",
                                     "Show Callers and Callees", "Back", "Forward", "Reset Zoom"}));
        auto trigger = [&](const QString& text) {
            for (QAction* a : menu->actions())
                if (a->text() == text) a->trigger();
        };
        trigger("Focus on Function");
        QCOMPARE(focus.count(), 1);
        QCOMPARE(focus[0][0].value<FunctionId>(), functionNamed(*profile_, "tokenize"));
        trigger("Exclude Function");
        QCOMPARE(exclude.count(), 1);
        trigger("Copy Function Name");
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("tokenize"));
        trigger("Copy Stack");
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("main (app.py)\nparse (app.py)\ntokenize (app.py)"));
        trigger("Zoom to Frame");
        QCOMPARE(view_->zoomRoot(), node("tokenize"));
        view_->setFocus();
        view_->selectNode(node("parse"));
        QTest::keyClick(view_.get(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("parse"));
    }

    void wheelZoomsAroundTheCursorAndDragPans() {
        // Ctrl+wheel up at x = 150 (a quarter in): zooms in, the weight under the cursor stays put.
        const double before = view_->viewport().x0 + 150.0 / 600 * (view_->viewport().x1 - view_->viewport().x0);
        QWheelEvent wheel(QPointF(150, 100), view_->mapToGlobal(QPointF(150, 100)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view_.get(), &wheel);
        const FlameViewport zoomed = view_->viewport();
        QVERIFY(zoomed.x1 - zoomed.x0 < 12 * 0.7);
        QVERIFY(std::abs(zoomed.x0 + 150.0 / 600 * (zoomed.x1 - zoomed.x0) - before) < 1e-9);
        QVERIFY(view_->isZoomed());
        // Dragging left by 100 px moves the range right by 100 px worth of weight.
        const double unitsPerPx = (zoomed.x1 - zoomed.x0) / 600;
        QTest::mousePress(view_.get(), Qt::LeftButton, {}, QPoint(300, 150));
        QTest::mouseMove(view_.get(), QPoint(250, 150));
        QTest::mouseMove(view_.get(), QPoint(200, 150));
        QTest::mouseRelease(view_.get(), Qt::LeftButton, {}, QPoint(200, 150));
        QCOMPARE(view_->viewport().x0, zoomed.x0 + 100 * unitsPerPx);
        QVERIFY(!view_->selectedNode().valid()); // a drag is not a click
        // Never past the profile's ends.
        QTest::mousePress(view_.get(), Qt::LeftButton, {}, QPoint(10, 150));
        QTest::mouseMove(view_.get(), QPoint(590, 150));
        QTest::mouseRelease(view_.get(), Qt::LeftButton, {}, QPoint(590, 150));
        QCOMPARE(view_->viewport().x0, 0.0);
    }

    void selectFunctionFromAnotherViewIsSilent() {
        QSignalSpy selected(view_.get(), &FlameGraphView::functionSelected);
        view_->selectFunction(functionNamed(*profile_, "inner"));
        QCOMPARE(view_->selectedNode(), node("inner"));
        QCOMPARE(view_->selectedFunction(), std::optional<FunctionId>(functionNamed(*profile_, "inner")));
        QCOMPARE(selected.count(), 0);
    }

    void clickOnAFoldedBlockZoomsToItsFrames() {
        std::string text = "main;big 5000\n";
        for (int i = 0; i < 150; ++i) text += "main;many;f" + std::to_string(i) + " 1\n";
        profile_ = profileFromCollapsed(text);
        view_->setProfile(profile_);
        const FlameNode many = node("many");
        const QRectF manyRect = view_->frameRect(many);
        const QPoint above(int(manyRect.center().x()), int(manyRect.top()) - view_->rowHeight() / 2);
        const auto block = view_->blockAt(above);
        QVERIFY(block && block->folded());
        QCOMPARE(block->mass, 150);
        QVERIFY(view_->tooltipTextAt(above).startsWith("150 frames too narrow to show"));
        QTest::mouseClick(view_.get(), Qt::LeftButton, {}, above);
        QCOMPARE(view_->viewport().x0, double(view_->layout()->start(many)));
        QCOMPARE(view_->viewport().x1, double(view_->layout()->end(many)));
        QVERIFY(!view_->blockAt(above)->folded()); // 4 px each now
    }

    void myCodeOnlyToggle() {
        profile_ = profileFromCollapsed(R"(
            main;loads@/usr/lib/python3.11/json/__init__.py:346;decode@/usr/lib/python3.11/json/decoder.py:337 3
            main;work 1
        )");
        view_->setProfile(profile_);
        QCOMPARE(view_->layout()->rowCount(), size_t(4));
        view_->setMyCodeOnly(true);
        QCOMPARE(view_->layout()->rowCount(), size_t(3));
        QCOMPARE(view_->frameName({2, 0}), QStringLiteral("[json]"));
        view_->setMyCodeOnly(false);
        QCOMPARE(view_->layout()->rowCount(), size_t(4));
    }

    void workerThreadLayout() {
        view_->setAsyncThreshold(0);
        QSignalSpy ready(view_.get(), &FlameGraphView::layoutReady);
        auto other = profileFromCollapsed("a;b 2\na;c 1\n");
        view_->setProfile(other);
        QVERIFY(view_->isLayoutPending());
        QVERIFY(ready.wait(5000));
        QVERIFY(!view_->isLayoutPending());
        QCOMPARE(view_->layout()->totalWeight(), 3);
        // Requests while a job runs: only the last one is shown.
        SampleFilter f;
        f.excluded = {functionNamed(*other, "c")};
        view_->setFilter(f);
        view_->setLayoutKind(FlameLayoutKind::TimeOrder);
        QTRY_VERIFY(!view_->isLayoutPending());
        QCOMPARE(view_->layout()->totalWeight(), 2);
        QCOMPARE(view_->layout()->kind(), FlameLayoutKind::TimeOrder);
    }

    void growingProfileKeepsZoomAndSelection() {
        auto live = std::make_shared<Profile>();
        auto append = [&](const char* stackText, int count) {
            std::vector<FrameId> frames;
            std::string_view rest = stackText;
            while (!rest.empty()) {
                const size_t semi = rest.find(';');
                frames.push_back(live->internFrame(live->internFunction(rest.substr(0, semi), "app.py"), 0));
                rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            }
            const StackId s = live->internStack(frames);
            for (int i = 0; i < count; ++i) live->appendSample(0, live->threadById(1), s, 1);
        };
        append("main;a;x", 2);
        append("main;b", 3);
        view_->setSnapshot(live, ProfileSnapshot::of(*live));
        const FlameNode a = nodeNamed(*view_->layout(), *live, "a");
        view_->selectNode(nodeNamed(*view_->layout(), *live, "x"));
        view_->zoomToNode(a);
        append("main;a;x", 4); // a becomes the heaviest child and moves left
        append("main;a;y", 1);
        view_->setSnapshot(live, ProfileSnapshot::of(*live));
        const FlameNode a2 = nodeNamed(*view_->layout(), *live, "a");
        QCOMPARE(view_->layout()->width(a2), 7);
        QCOMPARE(view_->zoomRoot(), a2);
        QCOMPARE(view_->viewport().x0, double(view_->layout()->start(a2)));
        QCOMPARE(view_->frameName(view_->selectedNode()), QStringLiteral("x"));
        QVERIFY(view_->canGoBack());
        view_->goBack();
        QVERIFY(!view_->isZoomed());
    }
};

QTEST_MAIN(FlamegraphViewTest)
#include "flamegraph_view_test.moc"
