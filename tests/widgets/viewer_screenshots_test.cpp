// What the viewer looks like with a real recording: opens an Austin wall-clock profile from the
// shared data in the main window (1600×1000, offscreen) and grabs the flame graph, the top-down
// call tree, the source view of the hottest function and the timeline to PNG files
// (viewer_png/ beside the test binary) for a person to look at. Each picture must show the
// profile: not one flat color, and not the placeholder the view paints without data.
#include <QDir>
#include <QTreeView>
#include <QtTest>

#include "app/gui/flame_page.h"
#include "app/gui/main_window.h"
#include "widgets/document/profile_document.h"
#include "widgets/document/profile_loader.h"
#include "widgets/flamegraph/flame_graph_view.h"
#include "widgets/timeline/timeline_view.h"

using namespace spyglass;

namespace {

QString pngPath(const QString& name) {
    QDir dir(QCoreApplication::applicationDirPath());
    dir.mkpath("viewer_png");
    return dir.filePath("viewer_png/" + name + ".png");
}

// Distinct colors in a grid of samples: a view that shows data has many, a blank one a few.
int distinctColors(const QImage& image) {
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) colors.insert(image.pixel(x, y));
    return int(colors.size());
}

QImage grabTo(QWidget* w, const QString& name) {
    const QImage image = w->grab().toImage();
    if (!image.save(pngPath(name))) qWarning("cannot save %s", qPrintable(pngPath(name)));
    return image;
}

} // namespace

class ViewerScreenshotsTest : public QObject {
    Q_OBJECT
private slots:
    void pagesShowARealProfile() {
        const QString file = QStringLiteral(SPYGLASS_SHARED_DATA_DIR "/profiles/austin/wall-3.7.austin");
        if (!QFileInfo::exists(file)) QSKIP("no shared Austin profile");
        gui::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        window.openFile(file);
        window.loader()->waitForDone();
        QVERIFY(window.document()->hasProfile());
        window.document()->waitForIdle();
        QTRY_VERIFY(!window.flamePage()->view()->isLayoutPending());

        window.showPage(gui::MainWindow::FlameGraphPage);
        QTRY_VERIFY(!window.flamePage()->view()->isLayoutPending());
        const QImage flame = grabTo(window.flamePage(), "flamegraph");
        QVERIFY2(distinctColors(flame) > 20, "the flame graph shows frames");

        window.showPage(gui::MainWindow::TopDownPage);
        window.document()->waitForIdle();
        QCoreApplication::processEvents();
        const QImage tree = grabTo(window.page(gui::MainWindow::TopDownPage), "call_tree_top_down");
        QVERIFY2(distinctColors(tree) > 5, "the call tree shows rows");

        // The hottest function by own time: the source view shows its file with heat.
        const auto results = window.document()->results();
        QVERIFY(results && !results->functions.functions.empty());
        FunctionId hottest = results->functions.functions.front().function;
        int64_t most = -1;
        for (const FunctionStat& f : results->functions.functions)
            if (f.self > most) {
                most = f.self;
                hottest = f.function;
            }
        window.document()->selection()->select(hottest);
        window.showPage(gui::MainWindow::SourcePage);
        window.document()->waitForIdle();
        QCoreApplication::processEvents();
        const QImage source = grabTo(window.page(gui::MainWindow::SourcePage), "source_view");
        QVERIFY2(distinctColors(source) > 5, "the source view shows text");

        QCoreApplication::processEvents();
        const QImage timeline = grabTo(window.timelineView(), "timeline");
        QVERIFY2(distinctColors(timeline) > 3, "the timeline shows lanes");
        grabTo(&window, "main_window");
    }
};

QTEST_MAIN(ViewerScreenshotsTest)
#include "viewer_screenshots_test.moc"
