// Live recording in the main window, against real Python processes started here: the views grow
// while recording, Stop keeps every sample, a target that exits ends the recording cleanly, a pid
// that does not exist gives the engine's message in a dialog, the demo target records, the
// attach dialog's process table (through QAbstractItemModelTester) lists a Python we started, and
// "Pause the target for each sample" reads a program of short calls without torn reads.
#include "app/gui/attach_dialog.h"
#include "app/gui/flame_page.h"
#include "app/gui/launch_dialog.h"
#include "app/gui/main_window.h"
#include "app/gui/python_process_model.h"
#include "app/gui/recording_controller.h"
#include "app/gui/status_fields.h"
#include "core/formats/profile_io.h"
#include "core/sampling/launched_process.h"
#include "live_targets.h"
#include "test_profiles.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/flame_graph_view.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <csignal>
#include <set>
#include <string>
#include <unistd.h>

using namespace spyglass;
using namespace spyglass::gui;
using State = RecordingController::State;
using namespace spyglass::testing;

namespace {

int64_t shownWeight(MainWindow& w) {
    const auto results = w.document()->results();
    return results ? results->totalWeight() : 0;
}

void startWindow(MainWindow& w) {
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
}

// Launch the live target (runs until stopped) with python3.
RecordingRequest liveTargetLaunch(const QTemporaryDir& dir) {
    RecordingRequest request;
    request.argv = {python3(), writeTarget(dir)};
    return request;
}

} // namespace

class LiveRecordingTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        spyglass::testing::useTestSettings("live_recording_test");
        QSettings().clear();
        if (python3().isEmpty()) QSKIP("python3 is not on the PATH");
    }

    void viewsGrowWhileRecordingAndStopKeepsEverySample() {
        QTemporaryDir dir;
        MainWindow w;
        startWindow(w);
        RecordingRequest request = liveTargetLaunch(dir);
        request.rateHz = 200;
        QVERIFY(w.startRecording(request));
        QCOMPARE(w.recorder()->state(), State::Starting);
        QVERIFY(!w.startRecording(request)); // one at a time
        QTRY_COMPARE_WITH_TIMEOUT(w.recorder()->state(), State::Recording, 15000);
        QCOMPARE(w.currentPage(), MainWindow::FlameGraphPage);
        QVERIFY2(w.windowTitle().startsWith(QStringLiteral("Recording python3 live_target.py")),
                 qPrintable(w.windowTitle()));

        // The document's results and the flame graph follow the growing profile.
        QTRY_VERIFY_WITH_TIMEOUT(shownWeight(w) > 20, 10000);
        const int64_t first = shownWeight(w);
        FlameGraphView* flame = w.flamePage()->view();
        QTRY_VERIFY_WITH_TIMEOUT(flame->zoomWeight() > 0, 5000);
        const int64_t flameFirst = flame->zoomWeight();
        QTRY_VERIFY_WITH_TIMEOUT(shownWeight(w) > first + 50, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(flame->zoomWeight() > flameFirst + 50, 10000);
        QVERIFY(w.recordingLabel()->text().contains(QStringLiteral("Recording")));
        QTRY_VERIFY(w.statusFields()->text().contains(QStringLiteral("live")));
        QVERIFY(w.statusFields()->text().contains(QStringLiteral("200 Hz")));

        bool leafShown = false;
        for (const FlameBlock& b : flame->visibleBlocks())
            if (!b.folded() && flame->frameName(b.node()) == QStringLiteral("spyglass_live_leaf"))
                leafShown = true;
        QVERIFY(leafShown);
        qInfo("screenshot: %s", qPrintable(spyglass::testing::grabToPng(
                                    &w, QStringLiteral("live_recording_window"))));
        QVERIFY(w.findChild<QToolBar*>(QStringLiteral("recordToolBar")));

        QSignalSpy finished(w.recorder(), &RecordingController::finished);
        w.stopRecording();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toBool(), false); // stopped, not exited
        const qulonglong kept = finished[0][2].toULongLong();
        QCOMPARE(w.recorder()->state(), State::Idle);
        QCOMPARE(w.document()->profile()->sampleCount(), size_t(kept));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Recording stopped")));
        QVERIFY(w.recordingLabel()->text().isEmpty());
        // The last refresh brings every sample to the views (one per thread and tick, weight one).
        QTRY_COMPARE_WITH_TIMEOUT(shownWeight(w), int64_t(kept), 5000);

        const auto names = functionNames(*w.document()->profile());
        QVERIFY(names.count("spyglass_live_leaf"));
        QVERIFY(names.count("spyglass_live_outer"));
        const ProfileMetadata meta = w.document()->profile()->metadata();
        QVERIFY(
            QString::fromStdString(meta.commandLine).contains(QStringLiteral("live_target.py")));
        QVERIFY(!meta.pythonVersion.empty());

        // The recording saves through the ordinary export, and reads back whole.
        const QString saved = dir.filePath(QStringLiteral("live.spyglass"));
        QVERIFY(w.exportProfile(saved, FileFormat::Spyglass));
        auto back = readProfileFile(saved.toStdString());
        QVERIFY(back.ok());
        QCOMPARE((*back)->sampleCount(), size_t(kept));
    }

    void targetThatExitsEndsTheRecordingWithItsSamples_data() {
        QTest::addColumn<QString>("python");
        for (const QString& py : allInterpreters())
            QTest::newRow(qPrintable(py)) << py;
    }

    void targetThatExitsEndsTheRecordingWithItsSamples() {
        QFETCH(QString, python);
        QTemporaryDir dir;
        MainWindow w;
        startWindow(w);
        QSignalSpy finished(w.recorder(), &RecordingController::finished);
        RecordingRequest request;
        request.argv = {python, writeTarget(dir, 1.5)};
        request.rateHz = 200;
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished[0][0].toBool(), true);
        QCOMPARE(finished[0][1].toString(), QStringLiteral("exit status 3"));
        const qulonglong kept = finished[0][2].toULongLong();
        QVERIFY2(kept > 50, qPrintable(QString::number(kept)));
        QCOMPARE(w.recorder()->state(), State::Idle);
        QCOMPARE(w.document()->profile()->sampleCount(), size_t(kept));
        const QString message = w.statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("target exited (exit status 3)")),
                 qPrintable(message));
        QVERIFY(!w.errorDialog());
        QVERIFY(functionNames(*w.document()->profile()).count("spyglass_live_leaf"));
        QTRY_COMPARE_WITH_TIMEOUT(shownWeight(w), int64_t(kept), 5000);
        // The window takes the next recording.
        QVERIFY(w.findChild<QToolBar*>(QStringLiteral("recordToolBar"))
                    ->actions()
                    .first()
                    ->isEnabled());
    }

    void missingPidShowsTheEnginesMessage() {
        MainWindow w;
        startWindow(w);
        const int pid = missingPid();
        QVERIFY(pid > 0);
        QSignalSpy failed(w.recorder(), &RecordingController::failed);
        RecordingRequest request;
        request.pid = pid;
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QTRY_VERIFY(w.errorDialog());
        QVERIFY(w.errorDialog()->isVisible());
        QVERIFY2(
            w.errorDialog()->informativeText().contains(QStringLiteral("no process %1").arg(pid)),
            qPrintable(w.errorDialog()->informativeText()));
        qInfo("screenshot: %s",
              qPrintable(spyglass::testing::grabToPng(
                  w.errorDialog(), QStringLiteral("live_recording_missing_pid"))));
        QCOMPARE(w.recorder()->state(), State::Idle);
        QVERIFY(!w.document()->hasProfile());
        w.errorDialog()->close();

        // A program that cannot run: the same, and the window still records afterwards.
        request = {};
        request.argv = {QStringLiteral("/nonexistent/python"), QStringLiteral("x.py")};
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
        QVERIFY(failed[1][0].toString().contains(QStringLiteral("/nonexistent/python")));
        QCOMPARE(w.recorder()->state(), State::Idle);
    }

    void stopWhileStartingLeavesNothingRunning() {
        QTemporaryDir dir;
        MainWindow w;
        startWindow(w);
        RecordingRequest request = liveTargetLaunch(dir);
        QVERIFY(w.startRecording(request));
        w.stopRecording();
        QCOMPARE(w.recorder()->state(), State::Idle);
        QTest::qWait(1500);
        QCOMPARE(w.recorder()->state(), State::Idle);
        QVERIFY(!w.document()->hasProfile());
        // What it launched is gone: killed and reaped.
        QTRY_COMPARE_WITH_TIMEOUT(runningChildren(QStringLiteral("live_target.py")), 0, 5000);
        QVERIFY(w.startRecording(request)); // and a new recording starts
        QTRY_COMPARE_WITH_TIMEOUT(w.recorder()->state(), State::Recording, 15000);
        w.stopRecording();
    }

    void demoRecordsLive() {
        MainWindow w;
        startWindow(w);
        w.showPage(MainWindow::SummaryPage);
        QVERIFY(w.recordDemo());
        QCOMPARE(w.currentPage(), MainWindow::FlameGraphPage);
        QTRY_COMPARE_WITH_TIMEOUT(w.recorder()->state(), State::Recording, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(functionNames(*w.document()->profile()).count("handle_request"),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(functionNames(*w.document()->profile()).count("fibonacci"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.document()->profile()->threadCount() >= 2, 5000);
        QTest::qWait(1000);
        qInfo("screenshot: %s",
              qPrintable(spyglass::testing::grabToPng(&w, QStringLiteral("live_recording_demo"))));
        QVERIFY(QString::fromStdString(w.document()->profile()->metadata().commandLine)
                    .contains(QStringLiteral("--seconds 600")));
        w.stopRecording();
        QCOMPARE(w.recorder()->state(), State::Idle);
    }

    void attachDialogListsPythonProcesses() {
        QTemporaryDir dir;
        auto child =
            LaunchedProcess::spawn({python3().toStdString(), writeTarget(dir).toStdString()});
        QVERIFY(child.ok());
        const int pid = (*child)->pid();
        QVERIFY(
            (*child)->waitForInterpreter(std::chrono::seconds(20)).ok()); // the interpreter is up

        AttachDialog dialog;
        QAbstractItemModelTester tester(dialog.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.model()->isRefreshing(), 10000);
        int row = dialog.model()->rowOfPid(pid);
        for (int i = 0; row < 0 && i < 20; ++i) { // the interpreter may not have been readable yet
            QSignalSpy refreshed(dialog.model(), &PythonProcessModel::refreshed);
            dialog.model()->refresh();
            QVERIFY(refreshed.wait(10000));
            row = dialog.model()->rowOfPid(pid);
        }
        if (row < 0) {
            process::PythonProcessInfo info;
            const bool described = process::describePythonProcess(pid, info);
            qInfo("direct: %zu listed; pid %d described %d problem '%s' exe '%s' cmd '%s'",
                  process::listPythonProcesses().size(), pid, int(described), info.problem.c_str(),
                  info.executable.c_str(), info.commandLine.c_str());
        }
        if (row < 0)
            for (int r = 0; r < dialog.model()->rowCount(); ++r)
                qInfo("listed: %d %s (%s)", dialog.model()->process(r).pid,
                      dialog.model()->process(r).commandLine.c_str(),
                      dialog.model()->process(r).problem.c_str());
        QVERIFY2(row >= 0, qPrintable(QStringLiteral("pid %1 not among %2 rows")
                                          .arg(pid)
                                          .arg(dialog.model()->rowCount())));
        PythonProcessModel* model = dialog.model();
        QCOMPARE(model->index(row, PythonProcessModel::PidColumn).data().toInt(), pid);
        QVERIFY(model->index(row, PythonProcessModel::PythonColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1Char('3')));
        QVERIFY(model->index(row, PythonProcessModel::CommandColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("live_target.py")));
        QCOMPARE(model->headerData(PythonProcessModel::PidColumn, Qt::Horizontal).toString(),
                 QStringLiteral("PID"));

        // Choosing the row fills in its pid.
        QTableView* table = dialog.table();
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(PythonProcessModel::PidRole).toInt() == pid)
                table->setCurrentIndex(table->model()->index(r, 0));
        QCOMPARE(dialog.pid(), pid);

        // The filter keeps the rows whose text matches, in any column.
        dialog.filterEdit()->setText(QStringLiteral("LIVE_TARGET.PY"));
        QVERIFY(table->model()->rowCount() >= 1);
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QVERIFY(table->model()->index(r, PythonProcessModel::CommandColumn).data().toString()
                        .contains(QStringLiteral("live_target.py")));
        dialog.filterEdit()->setText(QString::number(pid));
        bool found = false;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            found |= table->model()->index(r, 0).data(PythonProcessModel::PidRole).toInt() == pid;
        QVERIFY(found);
        dialog.filterEdit()->setText(QStringLiteral("no-such-process-name-xyz"));
        QCOMPARE(table->model()->rowCount(), 0);
        dialog.filterEdit()->setText(QStringLiteral("live_target"));
        qInfo("screenshot: %s", qPrintable(spyglass::testing::grabToPng(
                                    &dialog, QStringLiteral("live_recording_attach_dialog"))));
        dialog.pidEdit()->setText(QStringLiteral("not a pid"));
        QCOMPARE(dialog.pid(), 0);
    }

    void attachRecordsARunningProcessAndLeavesItRunning() {
        QTemporaryDir dir;
        auto child =
            LaunchedProcess::spawn({python3().toStdString(), writeTarget(dir).toStdString()});
        QVERIFY(child.ok());
        QVERIFY((*child)->waitForInterpreter(std::chrono::seconds(20)).ok()); // attachable
        MainWindow w;
        startWindow(w);
        RecordingRequest request;
        request.pid = (*child)->pid();
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(w.recorder()->state(), State::Recording, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            functionNames(*w.document()->profile()).count("spyglass_live_leaf"), 10000);
        w.stopRecording();
        QTest::qWait(200);
        QVERIFY(!(*child)->hasExited()); // attached to, never touched
    }

    void openingAFileEndsTheRecording() {
        QTemporaryDir dir;
        MainWindow w;
        startWindow(w);
        RecordingRequest request = liveTargetLaunch(dir);
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(w.recorder()->state(), State::Recording, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w.document()->profile()->sampleCount() > 0, 10000);
        const QString file = QStringLiteral(
            SPYGLASS_SHARED_DATA_DIR
            "/profiles/speedscope-samples/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt");
        w.openFile(file);
        QCOMPARE(w.recorder()->state(), State::Idle);
        QTRY_COMPARE_WITH_TIMEOUT(w.document()->filePath(), file, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(runningChildren(QStringLiteral("live_target.py")), 0, 5000);
    }

    // "Pause the target for each sample" (--blocking): a program of short calls of several shapes,
    // whose reads tear often when it runs on, tears none when it is stopped for each read. The
    // status bar's closing message counts torn reads, and says what to do when they are many.
    void pausingTheTargetReadsEveryStackExactly() {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("short_calls.py"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import time\n"
                   "def leaf(n):\n"
                   "    s = 0\n"
                   "    for i in range(n):\n"
                   "        s += i\n"
                   "    return s\n"
                   "def mid(k):\n"
                   "    return sum(leaf(8) for _ in range(k))\n"
                   "def other(n):\n"
                   "    return sum(range(n))\n"
                   "end = time.time() + 1.5\n"
                   "while time.time() < end:\n"
                   "    for j in range(100):\n"
                   "        mid(3)\n"
                   "        other(40)\n");
        file.close();
        MainWindow w;
        startWindow(w);
        QSignalSpy finished(w.recorder(), &RecordingController::finished);
        RecordingRequest request;
        request.argv = {python3(), script};
        request.rateHz = 500;
        request.pauseTarget = true;
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(w.recorder()->pausesTarget());
        SamplerStats stats = w.recorder()->stats();
        QVERIFY2(stats.taken > 100, qPrintable(QString::number(stats.taken)));
        // A stopped target is read as it stands; it can still be caught in the middle of pushing
        // a frame (1 read in several hundred, rarely), which is dropped as torn.
        QString message = w.statusBar()->currentMessage();
        qInfo("paused: %llu requested, %llu torn, %llu read again; \"%s\"",
              (unsigned long long)stats.requested, (unsigned long long)stats.torn,
              (unsigned long long)stats.retried, qPrintable(message));
        QVERIFY(stats.torn * 100 <= stats.requested);
        QVERIFY(stats.retried * 100 <= stats.requested);
        QVERIFY2(!message.contains(QStringLiteral("Pause the target")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("(exited)")), qPrintable(message));
        for (const char* name : {"leaf", "mid", "other"})
            QVERIFY2(functionNames(*w.document()->profile()).count(name), name);

        // Running on, the same program: whatever tore is counted in the message, and many torn
        // reads bring the advice to pause it.
        request.pauseTarget = false;
        QVERIFY(w.startRecording(request));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QVERIFY(!w.recorder()->pausesTarget());
        stats = w.recorder()->stats();
        message = w.statusBar()->currentMessage();
        qInfo("running on: %llu requested, %llu torn, %llu read again; \"%s\"",
              (unsigned long long)stats.requested, (unsigned long long)stats.torn,
              (unsigned long long)stats.retried, qPrintable(message));
        QCOMPARE(message.contains(QStringLiteral("torn reads")), stats.torn > 0);
        QCOMPARE(message.contains(QStringLiteral("Pause the target")),
                 (stats.torn + stats.retried) * 4 > stats.requested);
        qInfo("screenshot: %s",
              qPrintable(spyglass::testing::grabToPng(&w, QStringLiteral("live_recording_torn"))));
    }

    void dialogsOfferAndRememberPausingTheTarget() {
        {
            LaunchDialog dialog;
            QVERIFY(dialog.pauseBox());
            QVERIFY(!dialog.pauseTarget());
            dialog.interpreterEdit()->setText(QStringLiteral("python3"));
            dialog.scriptEdit()->setText(QStringLiteral("/tmp/x.py"));
            dialog.pauseBox()->setChecked(true);
            dialog.accept();
        }
        QVERIFY(LaunchDialog().pauseTarget());
        AttachDialog attach;
        QVERIFY(attach.pauseBox());
        QVERIFY(!attach.pauseTarget()); // its own setting
        attach.pauseBox()->setChecked(true);
        QVERIFY(attach.pauseTarget());
        LaunchDialog reset;
        reset.pauseBox()->setChecked(false);
        reset.interpreterEdit()->setText(QStringLiteral("python3"));
        reset.scriptEdit()->setText(QStringLiteral("/tmp/x.py"));
        reset.accept();
    }

    void launchDialogSplitsArguments() {
        LaunchDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.interpreterEdit()->setText(QStringLiteral("python3"));
        dialog.scriptEdit()->setText(QStringLiteral("/tmp/a b.py"));
        dialog.argumentsEdit()->setText(QStringLiteral("--n 3 'two words' \"a \\\"b\\\"\" c\\ d"));
        QCOMPARE(
            dialog.commandLine(),
            (QStringList{QStringLiteral("python3"), QStringLiteral("/tmp/a b.py"),
                         QStringLiteral("--n"), QStringLiteral("3"), QStringLiteral("two words"),
                         QStringLiteral("a \"b\""), QStringLiteral("c d")}));
        qInfo("screenshot: %s", qPrintable(spyglass::testing::grabToPng(
                                    &dialog, QStringLiteral("live_recording_launch_dialog"))));
        dialog.scriptEdit()->clear();
        QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    }
};

QTEST_MAIN(LiveRecordingTest)
#include "live_recording_test.moc"
