#pragma once
// The built-in demo target of `spyglass --demo`: resources/demo/spyglass_demo.py, compiled into
// the executable so it works from the build tree and when installed alike.
#include <QString>
#include <QStringList>

namespace spyglass::gui {

// The demo's rate: enough for a lively flame graph at once, cheap for the target.
inline constexpr double kDemoRateHz = 100;

// Writes the demo script to the cache folder (when missing or out of date) and returns its path;
// empty, with `error` set, when it cannot be written.
QString demoScriptPath(QString* error = nullptr);

// The command line that runs the demo for `seconds` with `interpreter`.
QStringList demoCommand(const QString& scriptPath, int seconds = 600,
                        const QString& interpreter = QStringLiteral("python3"));

} // namespace spyglass::gui
