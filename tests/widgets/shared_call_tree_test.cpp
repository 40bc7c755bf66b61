// One top-down tree for the document and the flamegraph: sharedCallTree hands every caller of the
// same snapshot, filter and options the same immutable tree (also when they ask at the same time
// from different threads), builds anew for anything else, and keeps nothing alive on its own.
// Then the real pair: a ProfileDocument and a FlameGraphView (worker layout) on one profile, the
// view's picture being the layout of the document's tree.
#include <QtTest>
#include <future>

#include "core/query/shared_call_tree.h"
#include "tests/widgets/flamegraph_test_profiles.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/flamegraph/flame_layout_builder.h"

using namespace spyglass;
using spyglass::test::dumpLayout;
using spyglass::test::profileFromCollapsed;

namespace {

constexpr const char* kStacks = R"(
    main;a;x 2
    main;b 5
    main;a;y 1
    main;a 1
    other 1
)";

} // namespace

class SharedCallTreeTest : public QObject {
    Q_OBJECT
private slots:
    void sameRequestSameTree() {
        const std::shared_ptr<const Profile> p = profileFromCollapsed(kStacks);
        const auto snap = ProfileSnapshot::of(*p);
        const auto first = sharedCallTree(p, snap, {}, TreeKind::TopDown);
        const auto again = sharedCallTree(p, snap, {}, TreeKind::TopDown);
        QCOMPARE(again.get(), first.get());
        QCOMPARE(first->dump(*p), buildCallTree(snap, {}, TreeKind::TopDown).dump(*p));

        SampleFilter other;
        other.excluded = {0};
        QVERIFY(sharedCallTree(p, snap, other, TreeKind::TopDown).get() != first.get());
        QVERIFY(sharedCallTree(p, snap, {}, TreeKind::TopDown, TreeOptions{0, true}).get() != first.get());
        QVERIFY(sharedCallTree(p, snap, {}, TreeKind::BottomUp).get() != first.get());
        // Another profile with the very same counts is another profile.
        const std::shared_ptr<const Profile> twin = profileFromCollapsed(kStacks);
        QVERIFY(sharedCallTree(twin, ProfileSnapshot::of(*twin), {}, TreeKind::TopDown).get() != first.get());
    }

    void keepsNothingAlive() {
        const std::shared_ptr<const Profile> p = profileFromCollapsed(kStacks);
        const auto snap = ProfileSnapshot::of(*p);
        std::weak_ptr<const CallTree> gone = sharedCallTree(p, snap, {}, TreeKind::TopDown);
        QVERIFY(gone.expired());
        const auto rebuilt = sharedCallTree(p, snap, {}, TreeKind::TopDown);
        QCOMPARE(rebuilt->totalWeight(), int64_t(10));
    }

    void concurrentRequestsShareOneBuild() {
        // Big enough that the two requests overlap.
        std::string text;
        for (int i = 0; i < 20000; ++i)
            text += "main;f" + std::to_string(i % 97) + ";g" + std::to_string(i % 389) + ";h" + std::to_string(i) + " 1\n";
        const std::shared_ptr<const Profile> p = profileFromCollapsed(text);
        const auto snap = ProfileSnapshot::of(*p);
        for (int round = 0; round < 5; ++round) {
            auto ask = [&] { return sharedCallTree(p, snap, {}, TreeKind::TopDown); };
            auto a = std::async(std::launch::async, ask);
            auto b = std::async(std::launch::async, ask);
            const auto ta = a.get(), tb = b.get();
            QCOMPARE(ta.get(), tb.get());
            QCOMPARE(ta->totalWeight(), int64_t(20000));
        }
    }

    void documentAndFlamegraphHoldTheSameTree() {
        const std::shared_ptr<Profile> p = profileFromCollapsed(kStacks);
        ui::ProfileDocument document;
        FlameGraphView view;
        view.setAsyncThreshold(0); // lay out on a worker, as for a big profile
        document.setProfile(p);
        view.setProfile(p);
        document.waitForIdle();
        QTRY_VERIFY(view.layout() && !view.isLayoutPending());
        const auto results = document.results();
        QVERIFY(results && results->topDown);
        // While the document holds its tree, a request for it gets that tree, not a new build.
        QCOMPARE(sharedCallTree(p, results->snapshot, results->filter, TreeKind::TopDown).get(),
                 results->topDown.get());
        QCOMPARE(dumpLayout(*view.layout(), *p),
                 dumpLayout(*buildFlameLayout(*results->topDown, results->snapshot, false), *p));
        QCOMPARE(QString::fromStdString(dumpLayout(*view.layout(), *p)), QStringLiteral(
            "main 0+9\n"
            "  b 0+5\n"
            "  a 5+4\n"
            "    x 5+2\n"
            "    y 7+1\n"
            "other 9+1\n"));
    }
};

QTEST_MAIN(SharedCallTreeTest)
#include "shared_call_tree_test.moc"
