// The document: queries run off the GUI thread, the newest result wins, filters and selection
// recompute what depends on them, samples appended by a live writer show up; the loader reads
// real files, reports the reader's message for bad ones, and can be cancelled.
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <thread>

#include "test_profiles.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/profile_loader.h"
#include "widgets/filter/filter_stack.h"

using namespace spyglass;
using namespace spyglass::ui;
using spyglass::testing::functionNamed;
using spyglass::testing::timedProfile;

namespace {

QString profilesDir() { return QStringLiteral(SPYGLASS_SHARED_DATA_DIR "/profiles"); }

std::string topDown(const ProfileDocument& doc) {
    return doc.results()->topDown->dump(*doc.profile());
}

} // namespace

class ViewerDocumentTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { spyglass::testing::useTestSettings("viewer_document_test"); }

    void computesResultsOffTheGuiThread() {
        ProfileDocument doc;
        QSignalSpy results(&doc, &ProfileDocument::resultsReady);
        QSignalSpy overview(&doc, &ProfileDocument::overviewReady);
        doc.setProfile(timedProfile(spyglass::testing::kDemoProfile), QStringLiteral("demo"));
        QVERIFY(doc.isBusy());
        QVERIFY(!doc.results()); // not computed on the caller's thread
        QVERIFY(results.wait(5000));
        if (overview.isEmpty()) QVERIFY(overview.wait(5000));
        QCOMPARE(doc.results()->totalWeight(), int64_t(125));
        QCOMPARE(doc.overview()->summary.samples, size_t(125));
        QCOMPARE(doc.overview()->activity.threads.size(), size_t(2));
        QCOMPARE(doc.overview()->activity.merged.samples, size_t(125));
        QTRY_VERIFY(!doc.isBusy());
    }

    void filtersRecomputeAndTheNewestResultWins() {
        ProfileDocument doc;
        doc.setProfile(timedProfile("main;early 10\nmain;late 10\n"));
        doc.waitForIdle();
        QCOMPARE(topDown(doc), std::string("main 20 0\n  early 10 10\n  late 10 10\n"));
        // A burst of filter changes: only the last one's result is published.
        QSignalSpy results(&doc, &ProfileDocument::resultsReady);
        doc.filters()->pushTimeRange(0, 5 * spyglass::testing::kStepNs);
        doc.filters()->pushTimeRange(10 * spyglass::testing::kStepNs, 20 * spyglass::testing::kStepNs);
        doc.waitForIdle();
        QCOMPARE(topDown(doc), std::string("main 10 0\n  late 10 10\n"));
        QVERIFY(results.count() >= 1 && results.count() <= 2);
        QCOMPARE(doc.results()->unfilteredWeight, int64_t(20));
        doc.filters()->pop();
        doc.waitForIdle();
        QCOMPARE(topDown(doc), std::string("main 5 0\n  early 5 5\n"));
        doc.filters()->clear();
        doc.filters()->pushExcludeFunction(functionNamed(*doc.profile(), "early"), QStringLiteral("early"));
        doc.waitForIdle();
        QCOMPARE(topDown(doc), std::string("main 10 0\n  late 10 10\n"));
    }

    void selectionDetailsFollowSelectionAndFilter() {
        ProfileDocument doc;
        auto p = timedProfile("main:1;work:10;leaf:20 3\nmain:2;work:11 1\nother;work:10 2\n");
        doc.setProfile(p);
        doc.waitForIdle();
        QVERIFY(!doc.selectionDetails());
        QSignalSpy details(&doc, &ProfileDocument::selectionDetailsReady);
        doc.selection()->select(functionNamed(*p, "work"));
        doc.waitForIdle();
        QCOMPARE(details.count(), 1);
        const auto d = doc.selectionDetails();
        QCOMPARE(d->callerCallee.total, int64_t(6));
        QCOMPARE(d->callerCallee.callers.size(), size_t(2));
        QCOMPARE(d->functionLines, (std::vector<uint32_t>{10, 11}));
        // Every line of the file, with line 10 of work on the stack in 5 samples.
        bool sawLine10 = false;
        for (const LineStat& l : d->lines.lines)
            if (l.line == 10) {
                sawLine10 = true;
                QCOMPARE(l.total, int64_t(5));
            }
        QVERIFY(sawLine10);
        doc.filters()->pushExcludeFunction(functionNamed(*p, "other"), QStringLiteral("other"));
        doc.waitForIdle();
        QCOMPARE(doc.selectionDetails()->callerCallee.total, int64_t(4));
        doc.selection()->clear();
        doc.waitForIdle();
        QVERIFY(!doc.selectionDetails());
    }

    void samplesAppendedByALiveWriterShowUp() {
        auto p = timedProfile("main;start 5\n");
        ProfileDocument doc;
        doc.setProfile(p);
        doc.waitForIdle();
        QCOMPARE(doc.results()->totalWeight(), int64_t(5));
        // A writer thread appends while the GUI thread queries: the single-writer model's contract.
        std::atomic<bool> done{false};
        std::thread writer([&] {
            int64_t t = 5 * spyglass::testing::kStepNs;
            for (int i = 0; i < 200; ++i) t = spyglass::testing::appendCollapsed(*p, "main;more 1\n", t);
            done = true;
        });
        while (!done) {
            doc.samplesAppended();
            QTest::qWait(20);
        }
        writer.join();
        doc.samplesAppended();
        QTRY_COMPARE_WITH_TIMEOUT(doc.results() ? doc.results()->totalWeight() : 0, int64_t(205), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(doc.overview()->summary.samples, size_t(205), 5000);
    }

    void replacingTheProfileClearsFiltersAndSelection() {
        ProfileDocument doc;
        auto p = timedProfile("main;a 2\n");
        doc.setProfile(p);
        doc.filters()->pushFocus(functionNamed(*p, "a"), QStringLiteral("a"));
        doc.selection()->select(functionNamed(*p, "a"));
        doc.waitForIdle();
        QSignalSpy changed(doc.filters(), &FilterStack::changed);
        doc.setProfile(timedProfile("other;b 3\n"));
        QVERIFY(doc.filters()->isEmpty());
        QCOMPARE(changed.count(), 1);
        QVERIFY(!doc.selection()->hasFunction());
        doc.waitForIdle();
        QCOMPARE(doc.results()->totalWeight(), int64_t(3));
        doc.clear();
        QVERIFY(!doc.hasProfile());
    }

    void loaderReadsRealFiles() {
        ProfileLoader loader;
        QSignalSpy loaded(&loader, &ProfileLoader::loaded);
        QSignalSpy failed(&loader, &ProfileLoader::failed);
        QSignalSpy progress(&loader, &ProfileLoader::progress);
        loader.load(profilesDir() + QStringLiteral("/speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt"));
        QVERIFY(loader.isLoading());
        loader.waitForDone();
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.count(), 1);
        const auto profile = loaded.at(0).at(0).value<std::shared_ptr<Profile>>();
        QVERIFY(profile);
        QVERIFY(profile->sampleCount() > 0);
        QVERIFY(!progress.isEmpty());
    }

    void loaderReportsTheReadersMessage() {
        ProfileLoader loader;
        QSignalSpy failed(&loader, &ProfileLoader::failed);
        const QString bad = profilesDir() + QStringLiteral("/speedscope-samples/speedscope/invalid/incomplete-trace.json");
        loader.load(bad);
        loader.waitForDone();
        QCOMPARE(failed.count(), 1);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("incomplete-trace.json")), qPrintable(message));
        loader.load(QStringLiteral("/nonexistent/profile.json"));
        loader.waitForDone();
        QCOMPARE(failed.count(), 2);
        QVERIFY(!failed.at(1).at(1).toString().isEmpty());
    }

    void loaderCancels() {
        // Cancel right after starting: the reader's first progress call already sees it.
        ProfileLoader loader;
        QSignalSpy cancelled(&loader, &ProfileLoader::cancelled);
        QSignalSpy loaded(&loader, &ProfileLoader::loaded);
        loader.load(profilesDir() + QStringLiteral("/speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt"));
        loader.cancel();
        loader.waitForDone();
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!loader.isLoading());
        // And the loader is usable again.
        loader.load(profilesDir() + QStringLiteral("/speedscope-samples/stackcollapse/simple.txt"));
        loader.waitForDone();
        QCOMPARE(loaded.count(), 1);
    }
};

QTEST_MAIN(ViewerDocumentTest)
#include "viewer_document_test.moc"
