// The source heat view on real files: heat per line, the jump to the hottest line, and what it
// says when the file is missing, changed or too short, with the user's remapping remembered.
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "test_profiles.h"
#include "widgets/document/profile_document.h"
#include "widgets/source/source_editor.h"
#include "widgets/source/source_heat_view.h"

using namespace spyglass;
using namespace spyglass::ui;
using spyglass::testing::functionNamed;
using spyglass::testing::grabToPng;
using spyglass::testing::timedProfile;

namespace {

void writeFile(const QString& path, int lines) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import json\n\n\ndef load(path):\n");
    for (int i = 5; i <= lines; ++i) f.write(QStringLiteral("    value_%1 = compute(%1)  # line %1\n").arg(i).toUtf8());
}

std::string profileText(const QString& file) {
    const std::string f = file.toStdString();
    return "[main] main@" + f + ":40;load@" + f + ":12 30\n" +
           "[main] main@" + f + ":40;load@" + f + ":13 10\n" +
           "[main] main@" + f + ":41;compute@" + f + ":20 25\n";
}

} // namespace

class ViewerSourceTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        spyglass::testing::useTestSettings("viewer_source_test");
        QSettings().clear();
    }

    void showsHeatAndJumpsToTheHottestLine() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("app.py"));
        writeFile(file, 60);
        ProfileDocument doc;
        SourceHeatView view(&doc);
        view.resize(900, 500);
        auto p = timedProfile(profileText(file));
        doc.setProfile(p, dir.filePath(QStringLiteral("profile.txt")));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::None);
        doc.selection()->select(functionNamed(*p, "load"));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::Shown);
        QCOMPARE(view.shownPath(), file);
        QCOMPARE(view.hottestLine(), 12);
        QCOMPARE(view.editor()->textCursor().blockNumber() + 1, 12);
        const auto& heat = view.editor()->heat();
        QCOMPARE(heat.at(12).total, int64_t(30));
        QCOMPARE(heat.at(13).total, int64_t(10));
        QCOMPARE(heat.at(40).total, int64_t(40)); // main's line, the file's hottest
        QCOMPARE(heat.at(20).self, int64_t(25));
        QVERIFY(view.problemText().isEmpty());
        grabToPng(&view, QStringLiteral("source-heat"));

        // Another function of the same file: the view moves, the file stays.
        doc.selection()->select(functionNamed(*p, "compute"));
        doc.waitForIdle();
        QCOMPARE(view.hottestLine(), 20);
        QCOMPARE(view.editor()->textCursor().blockNumber() + 1, 20);
    }

    void saysWhenTheFileIsTooShortOrChanged() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("app.py"));
        writeFile(file, 30); // the profile has samples at line 41
        ProfileDocument doc;
        SourceHeatView view(&doc);
        view.resize(900, 400);
        auto p = timedProfile(profileText(file));
        doc.setProfile(p, dir.filePath(QStringLiteral("profile.txt")));
        doc.selection()->select(functionNamed(*p, "main"));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::TooShort);
        QVERIFY2(view.problemText().contains(QStringLiteral("41")), qPrintable(view.problemText()));
        grabToPng(&view, QStringLiteral("source-too-short"));

        // Long enough, but written after the recording started.
        writeFile(file, 60);
        ProfileMetadata meta = p->metadata();
        meta.startTimeUnixNs = (QDateTime::currentMSecsSinceEpoch() - 3600 * 1000) * 1000000;
        p->setMetadata(meta);
        doc.setProfile(p, dir.filePath(QStringLiteral("profile.txt")));
        doc.selection()->select(functionNamed(*p, "main"));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::Changed);
        QVERIFY(!view.problemText().isEmpty());
    }

    void missingFilesCanBeLocatedAndTheAnswerIsRemembered() {
        QTemporaryDir dir;
        const QString moved = dir.filePath(QStringLiteral("checkout/demo/app.py"));
        QVERIFY(QDir().mkpath(QFileInfo(moved).absolutePath()));
        writeFile(moved, 60);
        const QString other = dir.filePath(QStringLiteral("checkout/demo/util.py"));
        writeFile(other, 10);
        // Recorded on another machine under /srv/demo.
        auto p = timedProfile("[main] main:40;load:12 30\n[main] main:41;helper@/srv/demo/util.py:5 5\n");
        const QString profilePath = dir.filePath(QStringLiteral("recorded.txt"));
        {
            ProfileDocument doc;
            SourceHeatView view(&doc);
            view.resize(900, 300);
            doc.setProfile(p, profilePath);
            doc.selection()->select(functionNamed(*p, "load"));
            doc.waitForIdle();
            QCOMPARE(view.fileState(), SourceHeatView::FileState::Missing);
            QVERIFY(view.problemText().contains(QStringLiteral("/srv/demo/app.py")));
            grabToPng(&view, QStringLiteral("source-missing"));
            view.locateRecordedFile(moved);
            QCOMPARE(view.fileState(), SourceHeatView::FileState::Shown);
            QCOMPARE(view.shownPath(), moved);
            // The mapping is a directory prefix: the project's other files are found too.
            doc.selection()->select(functionNamed(*p, "helper"));
            doc.waitForIdle();
            QCOMPARE(view.shownPath(), other);
        }
        // A new window on the same profile remembers; another profile does not.
        ProfileDocument doc;
        SourceHeatView view(&doc);
        doc.setProfile(p, profilePath);
        doc.selection()->select(functionNamed(*p, "load"));
        doc.waitForIdle();
        QCOMPARE(view.shownPath(), moved);
        doc.setProfile(p, dir.filePath(QStringLiteral("another.txt")));
        doc.selection()->select(functionNamed(*p, "load"));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::Missing);
    }

    void nativeFunctionsHaveNoSource() {
        ProfileDocument doc;
        SourceHeatView view(&doc);
        auto p = timedProfile("[main] main:1;sleep@<built-in> 3\n");
        doc.setProfile(p);
        doc.selection()->select(functionNamed(*p, "sleep"));
        doc.waitForIdle();
        QCOMPARE(view.fileState(), SourceHeatView::FileState::NoFileRecorded);
    }
};

QTEST_MAIN(ViewerSourceTest)
#include "viewer_source_test.moc"
