#include "app/gui/demo_target.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace spyglass::gui {

QString demoScriptPath(QString* error) {
    QFile resource(QStringLiteral(":/demo/spyglass_demo.py"));
    if (!resource.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("DemoTarget",
                                                 "The demo script is missing from this build.");
        return {};
    }
    const QByteArray script = resource.readAll();
    // A real file, not a temporary one: the source view shows the demo's lines from it.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty()) dir = QDir::tempPath() + QStringLiteral("/spyglass");
    const QString path = QDir(dir).filePath(QStringLiteral("demo/spyglass_demo.py"));
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == script) return path;
    existing.close();
    QSaveFile out(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !out.open(QIODevice::WriteOnly) ||
        out.write(script) != script.size() || !out.commit()) {
        if (error)
            *error =
                QCoreApplication::translate("DemoTarget", "Cannot write the demo script to %1: %2")
                    .arg(QDir::toNativeSeparators(path), out.errorString());
        return {};
    }
    return path;
}

QStringList demoCommand(const QString& scriptPath, int seconds, const QString& interpreter) {
    return {interpreter, scriptPath, QStringLiteral("--seconds"), QString::number(seconds)};
}

} // namespace spyglass::gui
