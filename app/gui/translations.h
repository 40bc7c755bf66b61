#pragma once
// Loads the translations for the system locale (ours from the resources, Qt's own from Qt's
// translation folder) and installs them on the application.
#include <QLocale>

namespace spyglass::gui {

// Returns true when a Spyglass translation for the locale was found.
bool installTranslations(const QLocale& locale = QLocale::system());

} // namespace spyglass::gui
