// The views over one document: selection syncs across them, the timeline's drag and thread clicks
// become filters every view obeys, chips show and remove filters. Each view is grabbed to a PNG.
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include "test_profiles.h"
#include "widgets/calltree/call_tree_view.h"
#include "widgets/calltree/caller_callee_view.h"
#include "widgets/document/profile_document.h"
#include "widgets/filter/filter_chips_bar.h"
#include "widgets/filter/filter_stack.h"
#include "widgets/models/call_tree_model.h"
#include "widgets/models/function_list_model.h"
#include "widgets/summary/summary_view.h"
#include "widgets/timeline/thread_list_view.h"
#include "widgets/timeline/timeline_view.h"

using namespace spyglass;
using namespace spyglass::ui;
using spyglass::testing::functionNamed;
using spyglass::testing::grabToPng;
using spyglass::testing::timedProfile;

class ViewerViewsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { spyglass::testing::useTestSettings("viewer_views_test"); }

    void filterStackFoldsIntoOneSampleFilter() {
        FilterStack stack;
        QSignalSpy changed(&stack, &FilterStack::changed);
        stack.pushTimeRange(50, 10); // given backwards
        QCOMPARE(stack.sampleFilter().timeBegin, int64_t(10));
        QCOMPARE(stack.sampleFilter().timeEnd, int64_t(50));
        stack.pushThreads({2, 1, 2}, QStringLiteral("a, b"));
        stack.pushExcludeFunction(7, QStringLiteral("f"));
        stack.pushExcludeFunction(8, QStringLiteral("g"));
        stack.pushFocus(3, QStringLiteral("h"));
        stack.pushTimeRange(20, 30); // the newest range wins
        stack.setHideIdle(true);
        const SampleFilter f = stack.sampleFilter();
        QCOMPARE(f.timeBegin, int64_t(20));
        QCOMPARE(f.timeEnd, int64_t(30));
        QCOMPARE(f.threads, (std::vector<ThreadIndex>{1, 2}));
        QCOMPARE(f.excluded, (std::vector<FunctionId>{7, 8}));
        QCOMPARE(f.focus, std::vector<FunctionId>{3});
        QVERIFY(!f.includeIdle);
        QCOMPARE(changed.count(), 7);
        // Popping the newest range brings the former one back.
        stack.setHideIdle(false);
        QVERIFY(stack.pop());
        QCOMPARE(stack.sampleFilter().timeBegin, int64_t(10));
        stack.removeKind(FilterEntry::Kind::ExcludeFunction);
        QVERIFY(stack.sampleFilter().excluded.empty());
        stack.setMyCodeOnly(true);
        stack.setMyCodeOnly(true); // a toggle: no second entry
        QCOMPARE(stack.entries().size(), size_t(4));
        stack.removeAt(0);
        QVERIFY(!stack.sampleFilter().hasTimeRange());
        stack.clear();
        QCOMPARE(stack.sampleFilter(), SampleFilter{});
        QVERIFY(!stack.pop());
    }

    void selectionSyncsAcrossTreesAndLists() {
        ProfileDocument doc;
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        CallTreeView top(&doc, false), bottom(&doc, true);
        CallerCalleeView callers(&doc);
        SummaryView summary(&doc);
        top.resize(900, 500);
        bottom.resize(900, 500);
        top.show();
        bottom.show(); // a shown bottom-up view is what makes the document build its tree
        doc.setProfile(p, QStringLiteral("demo.txt"));
        doc.waitForIdle();
        // The hot path opens by itself: main -> compute is the heaviest child of main.
        const QModelIndex main = top.model()->index(0, 0);
        QVERIFY(top.treeView()->isExpanded(main));

        // Select "compute" in the top-down tree: the others follow.
        const FunctionId compute = functionNamed(*p, "compute");
        top.treeView()->setCurrentIndex(top.model()->heaviestIndexForFunction(compute));
        QCOMPARE(doc.selection()->function(), compute);
        QCOMPARE(p->functionName(doc.selection()->stack().front()), std::string_view("main"));
        doc.waitForIdle();
        QCOMPARE(bottom.treeView()->currentIndex().data(CallTreeModel::FunctionIdRole).toLongLong(), qlonglong(compute));
        QCOMPARE(callers.callersModel()->rowCount(), 1);
        QCOMPARE(callers.callersModel()->index(0, 0).data().toString(), QStringLiteral("main"));
        QCOMPARE(callers.calleesModel()->index(0, 0).data().toString(), QStringLiteral("match"));

        // Activating a callee selects it everywhere.
        callers.calleesView()->setCurrentIndex(callers.calleesModel()->index(0, 0));
        emit callers.calleesView()->activated(callers.calleesModel()->index(0, 0));
        QCOMPARE(p->functionName(doc.selection()->function()), std::string_view("match"));
        doc.waitForIdle();
        QCOMPARE(top.treeView()->currentIndex().data().toString(), QStringLiteral("match"));
        QVERIFY(top.treeView()->isExpanded(top.treeView()->currentIndex().parent()));

        // Summary lists the heaviest functions by own weight; choosing one selects it.
        QCOMPARE(summary.functionsModel()->index(0, 0).data().toString(), QStringLiteral("decode"));
        summary.functionsView()->setCurrentIndex(summary.functionsModel()->index(0, 0));
        QCOMPARE(p->functionName(doc.selection()->function()), std::string_view("decode"));

        summary.resize(900, 500);
        grabToPng(&top, QStringLiteral("calltree-topdown"));
        grabToPng(&bottom, QStringLiteral("calltree-bottomup"));
        callers.resize(600, 400);
        grabToPng(&callers, QStringLiteral("caller-callee"));
        grabToPng(&summary, QStringLiteral("summary"));
    }

    void theBottomUpTreeIsBuiltOnlyWhileShown() {
        ProfileDocument doc;
        CallTreeView bottom(&doc, true);
        doc.setProfile(timedProfile(spyglass::testing::kDemoProfile));
        doc.waitForIdle();
        QVERIFY(doc.results()->topDown);
        QVERIFY(!doc.results()->bottomUp);
        QCOMPARE(bottom.model()->rowCount(), 0);
        bottom.show();
        doc.waitForIdle();
        QVERIFY(doc.results()->bottomUp);
        QCOMPARE(bottom.model()->index(0, 0).data().toString(), QStringLiteral("decode"));
        // Filters recompute it while it is shown...
        doc.filters()->pushTimeRange(0, 30 * spyglass::testing::kStepNs);
        doc.waitForIdle();
        QCOMPARE(bottom.model()->rowCount(), 1);
        // ...and not once it is hidden.
        bottom.hide();
        doc.filters()->pop();
        doc.waitForIdle();
        QVERIFY(!doc.results()->bottomUp);
    }

    void treesKeepExpandedNodesAcrossFilterChanges() {
        ProfileDocument doc;
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        CallTreeView top(&doc, false);
        doc.setProfile(p);
        doc.waitForIdle();
        const QModelIndex main = top.model()->index(0, 0);
        QModelIndex save;
        for (int r = 0; r < top.model()->rowCount(main); ++r)
            if (top.model()->index(r, 0, main).data().toString() == QLatin1String("save")) save = top.model()->index(r, 0, main);
        QVERIFY(save.isValid());
        top.treeView()->expand(save);
        doc.filters()->pushTimeRange(0, 115 * spyglass::testing::kStepNs); // drops the last 10 samples
        doc.waitForIdle();
        bool found = false;
        const QModelIndex main2 = top.model()->index(0, 0);
        for (int r = 0; r < top.model()->rowCount(main2); ++r) {
            const QModelIndex i = top.model()->index(r, 0, main2);
            if (i.data().toString() == QLatin1String("save")) {
                found = true;
                QVERIFY(top.treeView()->isExpanded(i));
            }
        }
        QVERIFY(found);
    }

    void findMovesToTheNextMatch() {
        ProfileDocument doc;
        CallTreeView top(&doc, false);
        doc.setProfile(timedProfile(spyglass::testing::kDemoProfile));
        doc.waitForIdle();
        top.findEdit()->setText(QStringLiteral("dumps"));
        QTest::keyClick(top.findEdit(), Qt::Key_Return);
        QCOMPARE(top.treeView()->currentIndex().data().toString(), QStringLiteral("dumps"));
        QVERIFY(!top.findNext(QStringLiteral("no such function")));
    }

    void timelineDragFiltersTimeAndLabelsChooseThreads() {
        ProfileDocument doc;
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        TimelineView timeline(&doc);
        CallTreeView top(&doc, false);
        FilterChipsBar chips(doc.filters());
        doc.setProfile(p);
        doc.waitForIdle();
        timeline.resize(1000, timeline.sizeHint().height());
        QCOMPARE(timeline.rowCount(), 2);
        grabToPng(&timeline, QStringLiteral("timeline"));

        // Drag over the first 30 % of the lanes: only the json loading phase stays.
        const TimelineLayout l = timeline.currentLayout();
        const QRect lanes = l.laneArea();
        const int y = l.laneRect(0).center().y();
        const int x0 = lanes.left() + 2, x1 = lanes.left() + lanes.width() * 3 / 10;
        QTest::mousePress(&timeline, Qt::LeftButton, {}, QPoint(x0, y));
        QTest::mouseMove(&timeline, QPoint((x0 + x1) / 2, y));
        QTest::mouseMove(&timeline, QPoint(x1, y));
        grabToPng(&timeline, QStringLiteral("timeline-dragging"));
        QTest::mouseRelease(&timeline, Qt::LeftButton, {}, QPoint(x1, y));
        const auto range = doc.filters()->timeRange();
        QVERIFY(range);
        QVERIFY(range->begin <= 2 * spyglass::testing::kStepNs);
        QVERIFY(std::abs(range->end - 37 * spyglass::testing::kStepNs) < 2 * spyglass::testing::kStepNs);
        doc.waitForIdle();
        const std::string dump = doc.results()->topDown->dump(*p);
        QVERIFY2(dump.find("load") != std::string::npos, dump.c_str());
        QVERIFY2(dump.find("compute") == std::string::npos, dump.c_str());
        QCOMPARE(top.model()->index(0, 0).data().toString(), QStringLiteral("main"));
        QCOMPARE(chips.chips().size(), 1);
        grabToPng(&timeline, QStringLiteral("timeline-filtered"));

        // A click is not a drag: no new filter.
        QTest::mouseClick(&timeline, Qt::LeftButton, {}, QPoint(lanes.center().x(), y));
        QCOMPARE(doc.filters()->entries().size(), size_t(1));

        // Clicking the worker's name keeps only the worker thread.
        QTest::mouseClick(&timeline, Qt::LeftButton, {}, l.labelRect(1).center());
        QCOMPARE(doc.filters()->threads(), std::vector<ThreadIndex>{1});
        doc.waitForIdle();
        QCOMPARE(top.model()->index(0, 0).data().toString(), QStringLiteral("run"));
        QCOMPARE(chips.chips().size(), 2);
        // Ctrl+click adds main back.
        QTest::mouseClick(&timeline, Qt::LeftButton, Qt::ControlModifier, l.labelRect(0).center());
        QCOMPARE(doc.filters()->threads(), (std::vector<ThreadIndex>{0, 1}));
        grabToPng(&timeline, QStringLiteral("timeline-threads"));

        timeline.setMergedThreads(true);
        QCOMPARE(timeline.rowCount(), 1);
        grabToPng(&timeline, QStringLiteral("timeline-merged"));
    }

    void chipsRemoveFilters() {
        ProfileDocument doc;
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        doc.setProfile(p);
        FilterChipsBar chips(doc.filters());
        chips.resize(900, chips.sizeHint().height());
        doc.filters()->pushTimeRange(0, 50 * spyglass::testing::kStepNs);
        doc.filters()->pushExcludeFunction(functionNamed(*p, "save"), QStringLiteral("save"));
        doc.filters()->setMyCodeOnly(true);
        QCOMPARE(chips.chips().size(), 3);
        QVERIFY(chips.chips().at(1)->text().contains(QStringLiteral("save")));
        grabToPng(&chips, QStringLiteral("filter-chips"));
        QTest::mouseClick(chips.chips().at(1), Qt::LeftButton);
        QCoreApplication::processEvents();
        QCOMPARE(doc.filters()->entries().size(), size_t(2));
        QVERIFY(doc.filters()->sampleFilter().excluded.empty());
        QVERIFY(doc.filters()->myCodeOnly());
        QCOMPARE(chips.chips().size(), 2);
        doc.filters()->clear();
        QCOMPARE(chips.chips().size(), 0);
    }

    void threadListChoosesThreads() {
        ProfileDocument doc;
        ThreadListView threads(&doc);
        doc.setProfile(timedProfile(spyglass::testing::kDemoProfile));
        doc.waitForIdle();
        QCOMPARE(threads.model()->rowCount(), 2);
        threads.model()->setData(threads.model()->index(0, 0), Qt::Unchecked, Qt::CheckStateRole);
        QCOMPARE(doc.filters()->threads(), std::vector<ThreadIndex>{1});
        QCOMPARE(threads.model()->index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        threads.model()->setData(threads.model()->index(0, 0), Qt::Checked, Qt::CheckStateRole);
        QVERIFY(doc.filters()->threads().empty());
        threads.resize(400, 150);
        grabToPng(&threads, QStringLiteral("thread-list"));
    }
};

QTEST_MAIN(ViewerViewsTest)
#include "viewer_views_test.moc"
