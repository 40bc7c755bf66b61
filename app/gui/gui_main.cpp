#include "app/gui/gui_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include "app/gui/main_window.h"
#include "app/gui/translations.h"
#include "core/sampling/stop_signal.h"

namespace spyglass::gui {

int run(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Spyglass"));
    QApplication::setOrganizationName(QStringLiteral("Spyglass"));
    QApplication::setApplicationVersion(QStringLiteral(SPYGLASS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/spyglass.svg")));
    installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Spyglass, a profiler for Python"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "A profile to open (Spyglass, speedscope, "
                                                                 "collapsed stacks, Austin)."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QApplication::translate("main", "Record the built-in demo program live (python3)."));
    parser.addOption(demo);
    parser.process(app);

    MainWindow window;
    // Ctrl-C in the terminal (or SIGTERM) quits like File ▸ Quit: the recording ends and a program
    // it launched is killed with it, instead of outliving a window killed by the signal.
    StopSignalGuard stopOnSignal;
    QTimer signalWatch;
    QObject::connect(&signalWatch, &QTimer::timeout, &window, [&window] {
        if (!StopSignalGuard::requested()) return;
        window.close();
        QApplication::quit();
    });
    signalWatch.start(200);
    window.show();
    if (parser.isSet(demo)) window.recordDemo();
    else if (!parser.positionalArguments().isEmpty()) window.openFile(parser.positionalArguments().constFirst());
    return app.exec();
}

} // namespace spyglass::gui
