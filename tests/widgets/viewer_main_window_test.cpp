// The main window end to end on real files: open (command, drop, recent), the bad-file dialog,
// filters through the keyboard, export and read back, pages by Ctrl+N, and screenshots of each.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "app/gui/flame_page.h"
#include "app/gui/load_progress.h"
#include "app/gui/main_window.h"
#include "app/gui/recent_files.h"
#include "app/gui/status_fields.h"
#include "app/gui/translations.h"
#include "core/formats/profile_io.h"
#include "test_profiles.h"
#include "widgets/calltree/call_tree_view.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/profile_loader.h"
#include "widgets/filter/filter_chips_bar.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/models/call_tree_model.h"
#include "widgets/source/source_editor.h"
#include "widgets/source/source_heat_view.h"
#include "widgets/timeline/timeline_view.h"

using namespace spyglass;
using namespace spyglass::gui;
using spyglass::testing::grabToPng;

namespace {

QString sample(const char* relative) {
    return QStringLiteral(SPYGLASS_SHARED_DATA_DIR "/profiles/") + QString::fromLatin1(relative);
}

// Opens through the window's own path (worker thread, signals) and waits for the views.
void openAndWait(MainWindow& w, const QString& path) {
    w.openFile(path);
    w.loader()->waitForDone();
    w.document()->waitForIdle();
    QCoreApplication::processEvents();
}

int64_t totalWeight(const Profile& p) {
    int64_t sum = 0;
    for (size_t i = 0; i < p.sampleCount(); ++i) sum += p.sampleWeight(i, 0);
    return sum;
}

} // namespace

class ViewerMainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        spyglass::testing::useTestSettings("viewer_main_window_test");
        QSettings().clear();
    }

    void opensRealFilesAndShowsThemEverywhere() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        openAndWait(w, sample("speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt"));
        QVERIFY(w.document()->hasProfile());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("perf-vertx-stacks-01-collapsed-all.txt")));
        const QString status = w.statusFields()->text();
        QVERIFY2(status.contains(QStringLiteral("samples")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("perf-vertx")), qPrintable(status));
        QVERIFY(w.topDownView()->model()->rowCount() > 0);
        QCOMPARE(w.recentFiles()->files().size(), 1);
        for (int page = 0; page < MainWindow::PageCount; ++page) {
            w.showPage(static_cast<MainWindow::Page>(page));
            QTest::qWait(50);
            QTRY_VERIFY_WITH_TIMEOUT(!w.flamePage()->view()->isLayoutPending(), 10000);
            grabToPng(&w, QStringLiteral("window-perf-page%1").arg(page));
        }
    }

    void opensSpeedscopeAndFiltersByTime() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        openAndWait(w, sample("speedscope-samples/speedscope/0.6.0/two-sampled.speedscope.json"));
        QVERIFY(w.document()->hasProfile());
        const auto before = w.document()->results();
        const QString dumpBefore = QString::fromStdString(before->topDown->dump(*w.document()->profile()));
        const auto overview = w.document()->overview();
        if (!overview->activity.hasTime()) QSKIP("this file has no timestamps");
        const int64_t mid = (overview->activity.begin + overview->activity.end) / 2;
        w.document()->filters()->pushTimeRange(overview->activity.begin, mid);
        w.document()->waitForIdle();
        const auto after = w.document()->results();
        QVERIFY(after->totalWeight() < before->totalWeight());
        QVERIFY(QString::fromStdString(after->topDown->dump(*w.document()->profile())) != dumpBefore);
        QCOMPARE(w.chipsBar()->chips().size(), 1);
        grabToPng(&w, QStringLiteral("window-speedscope-time-filter"));
        // Esc pops the filter again.
        w.showPage(MainWindow::TopDownPage);
        QTest::keyClick(w.topDownView()->treeView(), Qt::Key_Escape);
        QVERIFY(w.document()->filters()->isEmpty());
        w.document()->waitForIdle();
        QCOMPARE(w.document()->results()->totalWeight(), before->totalWeight());
    }

    void opensAnAustinProfileOfARealPythonProgram() {
        // Austin sampled /srv/demo/app.py (two threads: json and regex work, a busy background
        // thread); the program's source lies beside the profile.
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        openAndWait(w, sample("austin/wall-3.7.austin"));
        QVERIFY(w.document()->hasProfile());
        QVERIFY(w.document()->overview()->snapshot.threads >= 2);
        const Profile& p = *w.document()->profile();
        const FunctionId parse = spyglass::testing::functionNamed(p, "parse_records");
        w.document()->selection()->activate(parse);
        w.document()->waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(w.currentPage(), MainWindow::SourcePage);
        QCOMPARE(w.sourceView()->shownPath(), QFileInfo(sample("austin/app.py")).absoluteFilePath());
        QVERIFY2(w.sourceView()->problemText().isEmpty(), qPrintable(w.sourceView()->problemText()));
        // parse_records is lines 4 and 5: json.dumps and json.loads, one of them the hottest.
        QVERIFY(w.sourceView()->hottestLine() == 4 || w.sourceView()->hottestLine() == 5);
        QVERIFY(w.sourceView()->editor()->heat().at(5).total > 0);
        grabToPng(&w, QStringLiteral("window-austin-source"));
        for (auto page : {MainWindow::SummaryPage, MainWindow::FlameGraphPage, MainWindow::TopDownPage,
                          MainWindow::BottomUpPage}) {
            w.showPage(page);
            w.document()->waitForIdle();
            QTRY_VERIFY_WITH_TIMEOUT(!w.flamePage()->view()->isLayoutPending(), 10000);
            QTest::qWait(50);
            grabToPng(&w, QStringLiteral("window-austin-page%1").arg(int(page)));
        }
        // Keep only the background thread: the trees change to its work.
        const auto before = w.document()->results()->totalWeight();
        // The thread that ran background(): Austin names threads by id, so find it by its stacks.
        ThreadIndex background = UINT32_MAX;
        const FunctionId backgroundFn = spyglass::testing::functionNamed(p, "background");
        std::vector<FrameId> frames;
        for (size_t i = 0; i < p.sampleCount() && background == UINT32_MAX; ++i) {
            p.stackFrames(p.sampleStack(i), frames);
            for (FrameId f : frames)
                if (p.frame(f).function == backgroundFn) background = p.sampleThread(i);
        }
        QVERIFY(background != UINT32_MAX);
        w.document()->filters()->pushThreads({background}, QStringLiteral("background"));
        w.document()->waitForIdle();
        QVERIFY(w.document()->results()->totalWeight() < before);
        const std::string dump = w.document()->results()->topDown->dump(p, 4);
        QVERIFY2(dump.find("parse_records") == std::string::npos, dump.c_str());
        QVERIFY2(dump.find("background") != std::string::npos, dump.c_str());
        w.showPage(MainWindow::TopDownPage);
        QTest::qWait(50);
        grabToPng(&w, QStringLiteral("window-austin-background-thread"));
    }

    void aBadFileShowsTheReadersMessageAndTheWindowStaysUsable() {
        MainWindow w;
        w.show();
        openAndWait(w, sample("speedscope-samples/speedscope/invalid/incomplete-trace.json"));
        QVERIFY(!w.document()->hasProfile());
        QTRY_VERIFY(w.errorDialog() != nullptr);
        QVERIFY(w.errorDialog()->isVisible());
        QVERIFY(w.errorDialog()->text().contains(QStringLiteral("incomplete-trace.json")));
        const QString details = w.errorDialog()->informativeText();
        QVERIFY2(details.contains(QStringLiteral("incomplete-trace.json")), qPrintable(details));
        grabToPng(w.errorDialog(), QStringLiteral("error-dialog"));
        w.errorDialog()->accept();
        QTRY_VERIFY(w.errorDialog() == nullptr);
        // Still usable: the next file opens.
        openAndWait(w, sample("speedscope-samples/stackcollapse/simple.txt"));
        QVERIFY(w.document()->hasProfile());
        QVERIFY(w.errorDialog() == nullptr);
    }

    void exportsEveryFormatAndReadsThemBack() {
        MainWindow w;
        openAndWait(w, sample("speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt"));
        const Profile& original = *w.document()->profile();
        QTemporaryDir dir;
        for (auto [format, name] : {std::pair{FileFormat::Spyglass, "out.spyglass"},
                                    std::pair{FileFormat::Speedscope, "out.speedscope.json"},
                                    std::pair{FileFormat::Collapsed, "out.txt"}}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QVERIFY(w.exportProfile(path, format));
            auto back = readProfileFile(path.toStdString());
            QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
            QCOMPARE(totalWeight(**back), totalWeight(original));
            // The call tree read back is the one shown.
            QCOMPARE(buildCallTree(ProfileSnapshot::of(**back), {}, TreeKind::TopDown).dump(**back, 3),
                     buildCallTree(ProfileSnapshot::of(original), {}, TreeKind::TopDown).dump(original, 3));
        }
        const QString svg = dir.filePath(QStringLiteral("flame.svg"));
        QVERIFY(w.exportProfile(svg, FileFormat::Svg));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QVERIFY(svgFile.readAll().contains("<svg"));
        w.showPage(MainWindow::TopDownPage);
        const QString png = dir.filePath(QStringLiteral("view.png"));
        QVERIFY(w.exportCurrentViewPng(png));
        QVERIFY(!QImage(png).isNull());
        // A place that cannot be written gets a dialog, not a crash.
        QVERIFY(!w.exportProfile(QStringLiteral("/nonexistent-dir/x.txt"), FileFormat::Collapsed));
        QTRY_VERIFY(w.errorDialog() != nullptr);
        w.errorDialog()->accept();
    }

    void keyboardReachesEveryPage() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        openAndWait(w, sample("speedscope-samples/stackcollapse/simple.txt"));
        for (int page = 0; page < MainWindow::PageCount; ++page) {
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + page), Qt::ControlModifier);
            QCOMPARE(int(w.currentPage()), page);
        }
        QTest::keyClick(&w, Qt::Key(Qt::Key_1 + int(MainWindow::PageCount)), Qt::ControlModifier);
        QTRY_VERIFY(w.timelineView()->hasFocus());
        // Ctrl+F on the summary page goes to the top-down tree's find box.
        w.showPage(MainWindow::SummaryPage);
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::TopDownPage);
        QTRY_VERIFY(w.topDownView()->findEdit()->hasFocus());
        // My code only is a toggle in the filter stack, shown as a chip.
        QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier);
        QVERIFY(w.document()->filters()->myCodeOnly());
        QCOMPARE(w.chipsBar()->chips().size(), 1);
        // Back (Alt+Left outside the flame graph) pops it again.
        w.showPage(MainWindow::TopDownPage);
        QTest::keyClick(&w, Qt::Key_Left, Qt::AltModifier);
        QVERIFY(w.document()->filters()->isEmpty());
        // Copy name and stack of the node chosen in the top-down tree.
        w.document()->waitForIdle();
        ui::CallTreeView* top = w.topDownView();
        QModelIndex node = top->model()->index(0, 0);
        while (top->model()->rowCount(node) > 0) node = top->model()->index(0, 0, node);
        top->treeView()->setCurrentIndex(node);
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::AltModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), node.data().toString());
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QStringList stack = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
        QCOMPARE(stack.size(), int(top->currentStack().size()));
        QVERIFY(stack.first().startsWith(top->model()->index(0, 0).data().toString()));
        QVERIFY(stack.last().startsWith(node.data().toString()));
    }

    void dropAndRecentFilesOpen() {
        MainWindow w;
        w.show();
        const QString file = sample("speedscope-samples/stackcollapse/recursion.txt");
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        w.loader()->waitForDone();
        QCOMPARE(w.document()->filePath(), file);
        QCOMPARE(w.recentFiles()->files().first(), QFileInfo(file).absoluteFilePath());
        // A new window finds the file in its recent menu.
        MainWindow second;
        QSignalSpy opened(second.loader(), &ui::ProfileLoader::loaded);
        emit second.recentFiles()->openRequested(second.recentFiles()->files().first());
        second.loader()->waitForDone();
        QCOMPARE(opened.count(), 1);
    }

    void settingsRememberTheLayout() {
        {
            MainWindow w;
            w.showPage(MainWindow::BottomUpPage);
            w.timelineView()->setMergedThreads(true);
            w.close();
        }
        MainWindow again;
        QCOMPARE(again.currentPage(), MainWindow::BottomUpPage);
        QVERIFY(again.timelineView()->mergedThreads());
    }

    void germanTranslationLoads() {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        MainWindow w;
        QCOMPARE(w.pages()->tabText(MainWindow::SummaryPage), QStringLiteral("Übersicht"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
        w.resize(1200, 800);
        grabToPng(&w, QStringLiteral("window-german-empty"));
    }
};

QTEST_MAIN(ViewerMainWindowTest)
#include "viewer_main_window_test.moc"
