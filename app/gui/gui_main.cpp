#include "app/gui/gui_main.h"

#include <QApplication>
#include <QMainWindow>

namespace spyglass::gui {

int run(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Spyglass"));
    QApplication::setOrganizationName(QStringLiteral("Spyglass"));
    QMainWindow window;
    window.setWindowTitle(QObject::tr("Spyglass"));
    window.resize(1200, 800);
    window.show();
    return app.exec();
}

} // namespace spyglass::gui
