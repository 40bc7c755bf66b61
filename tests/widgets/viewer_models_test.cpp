// The viewer's item models: every one passes QAbstractItemModelTester, and shows what the core
// queries computed, sorted as asked.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "test_profiles.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/tree_function_stats.h"
#include "widgets/models/call_tree_model.h"
#include "widgets/models/function_list_model.h"
#include "widgets/models/thread_list_model.h"

using namespace spyglass;
using namespace spyglass::ui;
using spyglass::testing::functionNamed;
using spyglass::testing::timedProfile;

namespace {

// The model's rows as an indented dump in the same form as CallTree::dump: "label total self".
QString dumpModel(const QAbstractItemModel& m, const QModelIndex& parent = {}, int depth = 0) {
    QString out;
    for (int row = 0; row < m.rowCount(parent); ++row) {
        const QModelIndex i = m.index(row, 0, parent);
        out += QString(depth * 2, QLatin1Char(' ')) + i.data().toString() + QLatin1Char(' ') +
               m.index(row, CallTreeModel::TotalColumn, parent).data(CallTreeModel::SortRole).toString() +
               QLatin1Char(' ') + m.index(row, CallTreeModel::SelfColumn, parent).data(CallTreeModel::SortRole).toString() +
               QLatin1Char('\n');
        out += dumpModel(m, i, depth + 1);
    }
    return out;
}

std::shared_ptr<const QueryResults> resultsOf(std::shared_ptr<Profile> p, SampleFilter filter = {}) {
    ProfileDocument doc;
    doc.setBottomUpWanted(true);
    doc.setProfile(std::move(p));
    if (filter != SampleFilter{}) {
        FilterEntry e;
        e.kind = FilterEntry::Kind::Focus;
        e.function = filter.focus.at(0);
        doc.filters()->push(e);
    }
    doc.waitForIdle();
    return doc.results();
}

} // namespace

class ViewerModelsTest : public QObject {
    Q_OBJECT
private slots:
    void callTreeModelMatchesTheCoreTree() {
        auto p = timedProfile("main;a;b 3\nmain;a 1\nmain;c 5\nmain;a;b 2\n");
        auto results = resultsOf(p);
        for (TreeKind kind : {TreeKind::TopDown, TreeKind::BottomUp}) {
            CallTreeModel model(kind);
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.setResults(results);
            QCOMPARE(dumpModel(model), QString::fromStdString(results->tree(kind)->dump(*p)));
        }
        CallTreeModel model(TreeKind::TopDown);
        model.setResults(results);
        QCOMPARE(dumpModel(model), QStringLiteral("main 11 0\n  a 6 1\n    b 5 5\n  c 5 5\n"));
        const QModelIndex main = model.index(0, 0);
        QCOMPARE(model.index(0, CallTreeModel::TotalPercentColumn, main).data().toString(), QLocale().toString(54.5, 'f', 1) + " %");
        QCOMPARE(model.index(0, CallTreeModel::LocationColumn, main).data().toString(), QStringLiteral("/srv/demo/app.py"));
    }

    void callTreeModelSortsEachLevel() {
        auto p = timedProfile("main;a;b 3\nmain;a 1\nmain;c 5\nmain;a;b 2\nmain;zz 2\n");
        CallTreeModel model(TreeKind::TopDown);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(resultsOf(p));
        const QModelIndex main = model.index(0, 0);
        const QPersistentModelIndex c = model.index(1, 0, main); // total 5 after a (6)
        QCOMPARE(c.data().toString(), QStringLiteral("c"));
        model.sort(CallTreeModel::FunctionColumn, Qt::DescendingOrder);
        QCOMPARE(model.index(0, 0, main).data().toString(), QStringLiteral("zz"));
        QCOMPARE(model.index(2, 0, main).data().toString(), QStringLiteral("a"));
        QCOMPARE(c.row(), 1); // persistent indexes follow their nodes
        QCOMPARE(c.data().toString(), QStringLiteral("c"));
        model.sort(CallTreeModel::SelfColumn, Qt::AscendingOrder);
        QCOMPARE(model.index(0, 0, main).data().toString(), QStringLiteral("a")); // self 1
        QCOMPARE(model.index(2, 0, main).data().toString(), QStringLiteral("c")); // self 5
        QCOMPARE(c.row(), 2);
    }

    void callTreeModelFindsNodesAndPaths() {
        auto p = timedProfile("main;a;b 3\nmain;c;b 7\nmain;c 1\n");
        auto results = resultsOf(p);
        CallTreeModel top(TreeKind::TopDown);
        top.setResults(results);
        const FunctionId b = functionNamed(*p, "b");
        const QModelIndex hot = top.heaviestIndexForFunction(b);
        QCOMPARE(hot.data().toString(), QStringLiteral("b"));
        QCOMPARE(hot.parent().data().toString(), QStringLiteral("c")); // 7 under c beats 3 under a
        const auto path = top.functionPath(top.nodeForIndex(hot));
        QCOMPARE(path.size(), size_t(3));
        QCOMPARE(p->functionName(path[0]), std::string_view("main"));
        QCOMPARE(p->functionName(path[2]), std::string_view("b"));
        // Find walks in display order and wraps around.
        const QModelIndex first = top.findNext(QStringLiteral("B"), {});
        QCOMPARE(first.parent().data().toString(), QStringLiteral("c"));
        const QModelIndex second = top.findNext(QStringLiteral("b"), first);
        QCOMPARE(second.parent().data().toString(), QStringLiteral("a"));
        QCOMPARE(top.findNext(QStringLiteral("b"), second), first);
        QVERIFY(!top.findNext(QStringLiteral("nothing"), {}).isValid());

        CallTreeModel bottom(TreeKind::BottomUp);
        bottom.setResults(results);
        // In the inverted tree, b's caller c's caller main: the stack is still outermost first.
        const QModelIndex b0 = bottom.index(0, 0);
        const QModelIndex c0 = bottom.index(0, 0, b0);
        const QModelIndex main0 = bottom.index(0, 0, c0);
        QCOMPARE(main0.data().toString(), QStringLiteral("main"));
        const auto up = bottom.functionPath(bottom.nodeForIndex(main0));
        QCOMPARE(p->functionName(up.front()), std::string_view("main"));
        QCOMPARE(p->functionName(up.back()), std::string_view("b"));
    }

    void callTreeModelShowsFoldedPackages() {
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        ProfileDocument doc;
        doc.setProfile(p);
        doc.filters()->setMyCodeOnly(true);
        doc.waitForIdle();
        CallTreeModel model(TreeKind::TopDown);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(doc.results());
        const QString dump = dumpModel(model);
        QVERIFY2(dump.contains(QStringLiteral("[json]")), qPrintable(dump));
        QVERIFY2(!dump.contains(QStringLiteral("decode")), qPrintable(dump));
    }

    void modelsSurviveResetsAndEmptyResults() {
        CallTreeModel model(TreeKind::TopDown);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        auto p = timedProfile("main;a 2\n");
        model.setResults(resultsOf(p));
        QCOMPARE(model.rowCount(), 1);
        model.setResults(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.heaviestIndexForFunction(0).isValid());
    }

    void functionListModelSortsAndKeepsPersistentRows() {
        auto p = timedProfile("main;a;b 3\nmain;c;b 7\nmain;c 1\n");
        auto results = resultsOf(p);
        FunctionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<FunctionRow> rows;
        for (const FunctionStat& s : results->functions.functions) rows.push_back({s.function, s.self, s.total});
        model.setRows(results->profile, rows, results->totalWeight(), MetricUnit::Samples);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("main")); // total 11
        const QPersistentModelIndex a = model.index(model.rowOf(functionNamed(*p, "a")), 0);
        model.sort(FunctionListModel::SelfColumn, Qt::DescendingOrder);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("b")); // self 10
        QCOMPARE(model.index(0, FunctionListModel::SelfPercentColumn).data().toString(),
                 QLocale().toString(90.9, 'f', 1) + " %");
        QCOMPARE(a.data().toString(), QStringLiteral("a"));
        model.sort(FunctionListModel::FunctionColumn, Qt::AscendingOrder);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("a"));
        QCOMPARE(a.row(), 0);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void callerCalleeRowsSumEdgesOncePerSample() {
        // rec calls itself: each sample counts once per edge.
        auto p = timedProfile("main;rec;rec;leaf 4\nmain;rec 2\nother;rec;leaf 1\n");
        const CallerCallee cc = computeCallerCallee(ProfileSnapshot::of(*p), {}, 0, functionNamed(*p, "rec"));
        QCOMPARE(cc.total, int64_t(7));
        QCOMPARE(cc.self, int64_t(2));
        auto row = [&](const std::vector<FunctionRow>& rows, std::string_view name) {
            for (const FunctionRow& r : rows)
                if (p->functionName(r.function) == name) return r;
            return FunctionRow{0, -1, -1};
        };
        QCOMPARE(row(cc.callers, "main").total, int64_t(6));
        QCOMPARE(row(cc.callers, "main").self, int64_t(2));
        QCOMPARE(row(cc.callers, "other").total, int64_t(1));
        QCOMPARE(row(cc.callers, "rec").total, int64_t(4));
        QCOMPARE(row(cc.callees, "leaf").total, int64_t(5));
        QCOMPARE(row(cc.callees, "leaf").self, int64_t(5));
        QCOMPARE(row(cc.callees, "rec").total, int64_t(4));
        QCOMPARE(cc.callers.front().total, int64_t(6)); // heaviest first
    }

    void functionStatsFromTheTreeMatchTheCoreQuery() {
        for (const char* text : {"main;rec;rec;leaf 4\nmain;rec 2\nother;rec;leaf 1\nmain;a;rec;b;rec 3\n",
                                 spyglass::testing::kDemoProfile.data()}) {
            auto p = timedProfile(text);
            const ProfileSnapshot snap = ProfileSnapshot::of(*p);
            for (bool myCode : {false, true}) {
                SampleFilter filter;
                filter.myCodeOnly = myCode;
                const FunctionStats expected = computeFunctionStats(snap, filter);
                const CallTree tree = buildCallTree(snap, filter, TreeKind::TopDown);
                const FunctionStats got = functionStatsFromTree(*p, tree, snap.functions);
                QCOMPARE(got.totalWeight, expected.totalWeight);
                QCOMPARE(got.functions.size(), expected.functions.size());
                for (size_t i = 0; i < got.functions.size(); ++i) {
                    QCOMPARE(got.functions[i].function, expected.functions[i].function);
                    QCOMPARE(got.functions[i].self, expected.functions[i].self);
                    QCOMPARE(got.functions[i].total, expected.functions[i].total);
                }
            }
        }
    }

    void threadListModelEditsTheChosenThreads() {
        auto p = timedProfile(spyglass::testing::kDemoProfile);
        ProfileDocument doc;
        doc.setProfile(p);
        doc.waitForIdle();
        ThreadListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOverview(doc.overview());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("main"));
        QCOMPARE(model.index(0, ThreadListModel::SamplesColumn).data().toString(), QStringLiteral("80"));
        QCOMPARE(model.index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QSignalSpy edited(&model, &ThreadListModel::chosenEdited);
        QVERIFY(model.setData(model.index(1, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.at(0).at(0).value<QList<quint32>>(), QList<quint32>{0});
        model.setChosen({0});
        QCOMPARE(model.index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        // The last chosen thread cannot be unticked: that would show nothing.
        QVERIFY(!model.setData(model.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        // Ticking every thread again means "all": an empty choice.
        QVERIFY(model.setData(model.index(1, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(edited.last().at(0).value<QList<quint32>>(), QList<quint32>{});
        model.setOverview(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(ViewerModelsTest)
#include "viewer_models_test.moc"
