#pragma once
// The file dialogs' name filters for what Spyglass reads and writes.
#include <QString>

#include "core/formats/profile_io.h"

namespace spyglass::gui {

// For the open dialog: every readable kind, then each alone.
QString openFileFilters();
// For an export dialog: the one filter of `format`.
QString exportFileFilter(FileFormat format);
// The default extension of an export (".svg", ".speedscope.json", ...).
QString exportExtension(FileFormat format);

} // namespace spyglass::gui
