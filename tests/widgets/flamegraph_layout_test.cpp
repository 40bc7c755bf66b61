// Flamegraph geometry without a widget: left-heavy and time-order layouts, the sandwich halves,
// "my code only", search shares and folding, all checked against profiles written as collapsed
// stacks right here.
#include <QtTest>
#include <random>

#include "tests/widgets/flamegraph_test_profiles.h"
#include "widgets/flamegraph/flame_colors.h"
#include "widgets/flamegraph/flame_fold.h"
#include "widgets/flamegraph/flame_layout_builder.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

using namespace spyglass;
using spyglass::test::dumpLayout;
using spyglass::test::functionNamed;
using spyglass::test::profileFromCollapsed;

namespace {

std::shared_ptr<FlameLayout> layoutOf(const Profile& p, FlameLayoutKind kind = FlameLayoutKind::LeftHeavy,
                                      SampleFilter filter = {}, bool byLine = false) {
    FlameLayoutOptions o;
    o.kind = kind;
    o.byLine = byLine;
    return buildFlameLayout(ProfileSnapshot::of(p), filter, o);
}

std::shared_ptr<const FlameSearch> searchIn(const std::shared_ptr<Profile>& p,
                                            const std::shared_ptr<FlameLayout>& layout,
                                            const QString& pattern, bool regex) {
    const auto model = makeFlameModel(p, layout, 0);
    return FlameSearch::run(*model, pattern, regex);
}

} // namespace

class FlamegraphLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void leftHeavyMergesAndSortsChildrenByWeight() {
        const auto p = profileFromCollapsed(R"(
            main;a;x 2
            main;b 5
            main;a;y 1
            main;a 1
            other 1
        )");
        const auto layout = layoutOf(*p);
        QCOMPARE(layout->totalWeight(), 10);
        QCOMPARE(QString::fromStdString(dumpLayout(*layout, *p)), QStringLiteral(
            "main 0+9\n"
            "  b 0+5\n"
            "  a 5+4\n"
            "    x 5+2\n"
            "    y 7+1\n"
            "other 9+1\n"));
        const FlameNode a = test::nodeNamed(*layout, *p, "a");
        QCOMPARE(layout->self(a), 1);
        QCOMPARE(layout->heaviestChild(layout->root()), (FlameNode{1, 0}));
        QCOMPARE(layout->pathTo(a).size(), size_t(3));
        QCOMPARE(layout->nodeAt(2, 6), a);
        QVERIFY(!layout->nodeAt(3, 8).valid()); // a's own sample: no child there
    }

    void stackTrieAndPathBuildsAgree() {
        // The layout is laid out from the core's top-down call tree; an exclusion of nothing takes
        // the tree's filtering path and a time filter skips unused stack nodes. Same picture,
        // ties in name order.
        std::mt19937 rng(5);
        std::string text;
        for (int i = 0; i < 2000; ++i) {
            std::string stack = "main";
            const int depth = 1 + int(rng() % 7);
            for (int d = 0; d < depth; ++d)
                stack += ";f" + std::to_string(rng() % 6) + "@app.py:" + std::to_string(rng() % 3);
            text += stack + " " + std::to_string(1 + rng() % 4) + "\n";
        }
        const auto p = profileFromCollapsed(text);
        SampleFilter nothingExcluded;
        nothingExcluded.excluded = {FunctionId(p->functionCount() + 10)};
        SampleFilter late;
        late.timeBegin = 5'000'000'000; // part of the samples: unused stack nodes are skipped
        for (bool byLine : {false, true}) {
            const auto fast = layoutOf(*p, FlameLayoutKind::LeftHeavy, {}, byLine);
            const auto slow = layoutOf(*p, FlameLayoutKind::LeftHeavy, nothingExcluded, byLine);
            QCOMPARE(fast->nodeCount(), slow->nodeCount());
            QCOMPARE(dumpLayout(*fast, *p), dumpLayout(*slow, *p));
            SampleFilter lateSlow = late;
            lateSlow.excluded = nothingExcluded.excluded;
            QCOMPARE(dumpLayout(*layoutOf(*p, FlameLayoutKind::LeftHeavy, late, byLine), *p),
                     dumpLayout(*layoutOf(*p, FlameLayoutKind::LeftHeavy, lateSlow, byLine), *p));
        }
        // Equal siblings: name order, whatever order they were recorded in.
        const auto ties = profileFromCollapsed("r;zeta 2\nr;alpha 2\nr;mid 2\n");
        QCOMPARE(QString::fromStdString(dumpLayout(*layoutOf(*ties), *ties)),
                 QStringLiteral("r 0+6\n  alpha 0+2\n  mid 2+2\n  zeta 4+2\n"));
    }

    void timeOrderMergesOnlyEqualNeighbours() {
        const auto p = profileFromCollapsed(R"(
            main;a 2
            main;b 1
            main;a 1
            other 1
            main;a;x 1
        )");
        const auto layout = layoutOf(*p, FlameLayoutKind::TimeOrder);
        QCOMPARE(layout->totalWeight(), 6);
        QCOMPARE(QString::fromStdString(dumpLayout(*layout, *p)), QStringLiteral(
            "main 0+4\n"
            "  a 0+2\n"
            "  b 2+1\n"
            "  a 3+1\n"
            "other 4+1\n"
            "main 5+1\n"
            "  a 5+1\n"
            "    x 5+1\n"));
    }

    void timeOrderKeepsThreadsApart() {
        // Interleaved samples of two threads: each thread is one run, nothing merges across.
        const auto p = profileFromCollapsed(R"(
            1|main;a 1
            2|main;a 1
            1|main;a 1
            2|main;b 1
        )");
        const auto layout = layoutOf(*p, FlameLayoutKind::TimeOrder);
        QCOMPARE(QString::fromStdString(dumpLayout(*layout, *p)), QStringLiteral(
            "main 0+2\n"
            "  a 0+2\n"
            "main 2+2\n"
            "  a 2+1\n"
            "  b 3+1\n"));
    }

    void splitByLineAndTimeFilter() {
        const auto p = profileFromCollapsed(R"(
            main@app.py:1;work@app.py:10 2
            main@app.py:1;work@app.py:12 1
            main@app.py:2 3
        )");
        const auto byLine = layoutOf(*p, FlameLayoutKind::LeftHeavy, {}, true);
        QCOMPARE(QString::fromStdString(dumpLayout(*byLine, *p)), QStringLiteral(
            "main:1 0+3\n"
            "  work:10 0+2\n"
            "  work:12 2+1\n"
            "main:2 3+3\n"));
        SampleFilter firstThree;
        firstThree.timeBegin = 0;
        firstThree.timeEnd = 30'000'000; // samples at 0, 10 and 20 ms
        const auto early = layoutOf(*p, FlameLayoutKind::TimeOrder, firstThree);
        QCOMPARE(QString::fromStdString(dumpLayout(*early, *p)),
                 QStringLiteral("main 0+3\n  work 0+3\n"));
    }

    void myCodeOnlyFoldsLibraryRuns() {
        const auto p = profileFromCollapsed(R"(
            main;loads@/usr/lib/python3.11/json/__init__.py:346;decode@/usr/lib/python3.11/json/decoder.py:337 3
            main;dispatch@/venv/lib/python3.11/site-packages/flask/app.py:10;view 2
        )");
        SampleFilter mine;
        mine.myCodeOnly = true;
        const auto layout = layoutOf(*p, FlameLayoutKind::LeftHeavy, mine);
        QCOMPARE(QString::fromStdString(dumpLayout(*layout, *p)), QStringLiteral(
            "main 0+5\n"
            "  [json] 0+3\n"
            "  [flask] 3+2\n"
            "    view 3+2\n"));
        QCOMPARE(layout->label({2, 0}).category, PackageCategory::StandardLibrary);
        QCOMPARE(layout->label({2, 1}).category, PackageCategory::ThirdParty);
        QCOMPARE(layout->label({3, 0}).category, PackageCategory::User);
    }

    void sandwichHalvesCountTheOutermostCall() {
        const auto p = profileFromCollapsed(R"(
            main;a;b 2
            main;c;b;d 3
            main;b 1
            other;a;b 4
            main;b;x;b;y 2
        )");
        const ProfileSnapshot snap = ProfileSnapshot::of(*p);
        const FunctionId b = functionNamed(*p, "b");
        const auto callers = buildCallersLayout(snap, {}, b);
        QCOMPARE(callers->totalWeight(), 12);
        QCOMPARE(QString::fromStdString(dumpLayout(*callers, *p)), QStringLiteral(
            "a 0+6\n"
            "  other 0+4\n"
            "  main 4+2\n"
            "c 6+3\n"
            "  main 6+3\n"
            "main 9+3\n"));
        const auto callees = buildCalleesLayout(snap, {}, b);
        QCOMPARE(callees->totalWeight(), 12);
        QCOMPARE(QString::fromStdString(dumpLayout(*callees, *p)), QStringLiteral(
            "d 0+3\n"
            "x 3+2\n"
            "  b 3+2\n"
            "    y 3+2\n"));
        QVERIFY(callees->label(callees->root()).isRoot);
        QCOMPARE(callees->label(callees->root()).function, b);
        QCOMPARE(callees->self(callees->root()), 7);
    }

    void searchCountsEachSampleOnce() {
        const auto p = profileFromCollapsed(R"(
            main;a;a;b 3
            main;c;a 2
            main;d 5
        )");
        const auto layout = layoutOf(*p);
        auto s = searchIn(p, layout, "^a$", true);
        QVERIFY(s && s->isValid());
        QCOMPARE(s->matchedWeight(), 5); // a;a nested, counted once
        QCOMPARE(s->matchedFrames(), size_t(3));
        QCOMPARE(searchIn(p, layout, "^(a|b)$", true)->matchedWeight(), 5);
        QCOMPARE(searchIn(p, layout, "^(c|a)$", true)->matchedWeight(), 5);
        QCOMPARE(searchIn(p, layout, "^d$", true)->matchedWeight(), 5);
        QCOMPARE(searchIn(p, layout, "A", false)->matchedWeight(), 10); // "main" has an a
        QCOMPARE(searchIn(p, layout, "zzz", false)->matchedWeight(), 0);
        QCOMPARE(searchIn(p, layout, "(", false)->matchedWeight(), 0); // plain text: no error
        const auto bad = searchIn(p, layout, "(", true);
        QVERIFY(bad && !bad->isValid());
        QVERIFY(!bad->errorString().isEmpty());
        QVERIFY(!searchIn(p, layout, "", true)); // empty: no search
        // Time order: the same answer, though frames are split differently.
        const auto timed = layoutOf(*p, FlameLayoutKind::TimeOrder);
        QCOMPARE(searchIn(p, timed, "^a$", true)->matchedWeight(), 5);
    }

    void foldingKeepsTheMassOfNarrowFrames() {
        // 1000 one-sample children under `busy` next to a 9000-sample sibling: at 800 px each
        // child is 0.04 px wide.
        std::string text = "main;big 9000\n";
        for (int i = 0; i < 1000; ++i) text += "main;busy;f" + std::to_string(i) + " 1\n";
        const auto p = profileFromCollapsed(text);
        const auto layout = layoutOf(*p);
        FlameViewport vp{0, double(layout->totalWeight()), 800, 3};
        std::vector<FlameBlock> row;
        foldRow(*layout, 3, vp, row);
        QCOMPARE(row.size(), size_t(1)); // one block for the whole run
        QVERIFY(row[0].folded());
        QCOMPARE(row[0].mass, 1000);
        const FlameNode busy = test::nodeNamed(*layout, *p, "busy");
        QCOMPARE(row[0].width, double(layout->width(busy)) * vp.pxPerUnit());
        QCOMPARE(row[0].x, vp.toPx(double(layout->start(busy))));
        // Zoomed into busy, the same children fill the width one by one.
        FlameViewport zoomed{double(layout->start(busy)), double(layout->end(busy)), 8000, 3};
        row.clear();
        foldRow(*layout, 3, zoomed, row);
        QCOMPARE(row.size(), size_t(1000));
        QVERIFY(!row[0].folded());
    }

    void foldingOfARandomProfileSumsToEachRow() {
        // Many stacks with gaps (frames with own time) between tiny children: every row's blocks
        // add up to the row, never overlap, and stay few.
        std::mt19937 rng(7);
        std::string text;
        for (int i = 0; i < 3000; ++i) {
            std::string stack = "main";
            const int depth = 2 + int(rng() % 8);
            for (int d = 0; d < depth; ++d) stack += ";f" + std::to_string(rng() % (3 + d * 4));
            text += stack + " " + std::to_string(1 + rng() % (i % 50 == 0 ? 500 : 3)) + "\n";
        }
        const auto p = profileFromCollapsed(text);
        for (auto kind : {FlameLayoutKind::LeftHeavy, FlameLayoutKind::TimeOrder}) {
            const auto layout = layoutOf(*p, kind);
            for (double width : {300.0, 1920.0}) {
                const FlameViewport vp{0, double(layout->totalWeight()), width, 3};
                for (uint32_t d = 0; d < layout->rowCount(); ++d) {
                    std::vector<FlameBlock> row;
                    foldRow(*layout, d, vp, row);
                    int64_t mass = 0;
                    for (size_t i = 0; i < row.size(); ++i) {
                        mass += row[i].mass;
                        QVERIFY(row[i].mass <= row[i].span);
                        if (i > 0) QVERIFY(row[i - 1].x + row[i - 1].width <= row[i].x + 1e-6);
                    }
                    QCOMPARE(mass, layout->row(d).prefix.back());
                    QVERIFY2(row.size() <= size_t(2 * width / 3 + 2),
                             qPrintable(QString("row %1: %2 blocks").arg(d).arg(row.size())));
                }
            }
        }
    }

    void searchIndexAgreesWithBinarySearch() {
        // A row of 5000 frames with gaps, searched from many places for many x.
        std::mt19937 rng(11);
        std::string text;
        for (int i = 0; i < 5000; ++i)
            text += "r;f" + std::to_string(i) + (rng() % 3 ? ";g " : " ") + std::to_string(1 + rng() % 40) + "\n";
        const auto p = profileFromCollapsed(text);
        const auto layout = layoutOf(*p, FlameLayoutKind::TimeOrder);
        for (uint32_t d : {2u, 3u}) {
            const auto& starts = layout->row(d).start;
            const auto n = static_cast<uint32_t>(starts.size());
            QVERIFY(n > 1000);
            for (int trial = 0; trial < 20000; ++trial) {
                const uint32_t from = rng() % (n + 1);
                const double x = double(rng() % uint64_t(layout->totalWeight() + 50)) - 20 + 0.5 * (rng() % 2);
                const auto expected = static_cast<uint32_t>(
                    std::lower_bound(starts.begin() + from, starts.end(), x,
                                     [](int64_t s, double v) { return double(s) < v; }) - starts.begin());
                QCOMPARE(layout->firstStartingFrom(d, from, x), expected);
            }
        }
    }

    void colorsAreStablePerNameAndBandedPerCategory() {
        const QColor user = FlameColors::frameColor(PackageCategory::User, "handle_request");
        QCOMPARE(FlameColors::frameColor(PackageCategory::User, "handle_request"), user);
        // FNV-1a of the name: the same on every run and machine.
        QCOMPARE(FlameColors::stableHash("handle_request"), uint64_t(0x77bb542730b270ddULL));
        QCOMPARE(user.name(), QStringLiteral("#f6672e"));
        auto hueDistance = [](int a, int b) { return std::min(std::abs(a - b), 360 - std::abs(a - b)); };
        for (const char* name : {"a", "parse", "json.loads", "<module>", "run_forever"}) {
            for (auto c : {PackageCategory::User, PackageCategory::StandardLibrary,
                           PackageCategory::ThirdParty, PackageCategory::Native}) {
                const QColor color = FlameColors::frameColor(c, name);
                QVERIFY(hueDistance(color.hslHue(), FlameColors::categoryColor(c).hslHue()) <= 22);
            }
            QCOMPARE(FlameColors::frameColor(PackageCategory::Idle, name).hslSaturation(), 0);
        }
        QVERIFY(FlameColors::frameColor(PackageCategory::User, "a") !=
                FlameColors::frameColor(PackageCategory::User, "b"));
    }

    void emptyProfileGivesAnEmptyRoot() {
        const auto p = std::make_shared<Profile>();
        for (auto kind : {FlameLayoutKind::LeftHeavy, FlameLayoutKind::TimeOrder}) {
            const auto layout = layoutOf(*p, kind);
            QCOMPARE(layout->rowCount(), size_t(1));
            QCOMPARE(layout->totalWeight(), 0);
            std::vector<FlameBlock> row;
            foldRow(*layout, 0, FlameViewport{0, 1, 100, 3}, row);
            QVERIFY(row.empty());
        }
    }
};

QTEST_MAIN(FlamegraphLayoutTest)
#include "flamegraph_layout_test.moc"
