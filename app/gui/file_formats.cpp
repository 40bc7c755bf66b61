#include "app/gui/file_formats.h"

#include <QCoreApplication>
#include <QStringList>

namespace spyglass::gui {

namespace {
struct FileFormats {
    Q_DECLARE_TR_FUNCTIONS(FileFormats)
};
} // namespace

QString openFileFilters() {
    const QStringList filters = {
        FileFormats::tr("All profiles (*.spyglass *.spy *.json *.txt *.folded *.collapsed *.raw *.austin)"),
        FileFormats::tr("Spyglass profiles (*.spyglass *.spy)"),
        FileFormats::tr("Speedscope JSON (*.json)"),
        FileFormats::tr("Collapsed stacks: py-spy, FlameGraph (*.txt *.folded *.collapsed *.raw)"),
        FileFormats::tr("Austin (*.austin)"),
        FileFormats::tr("All files (*)"),
    };
    return filters.join(QStringLiteral(";;"));
}

QString exportFileFilter(FileFormat format) {
    switch (format) {
    case FileFormat::Svg: return FileFormats::tr("SVG flame graph (*.svg)");
    case FileFormat::Speedscope: return FileFormats::tr("Speedscope JSON (*.json)");
    case FileFormat::Collapsed: return FileFormats::tr("Collapsed stacks (*.txt *.folded)");
    case FileFormat::Spyglass: return FileFormats::tr("Spyglass profile (*.spyglass)");
    default: return FileFormats::tr("All files (*)");
    }
}

QString exportExtension(FileFormat format) {
    switch (format) {
    case FileFormat::Svg: return QStringLiteral(".svg");
    case FileFormat::Speedscope: return QStringLiteral(".speedscope.json");
    case FileFormat::Collapsed: return QStringLiteral(".txt");
    case FileFormat::Spyglass: return QStringLiteral(".spyglass");
    default: return {};
    }
}

} // namespace spyglass::gui
